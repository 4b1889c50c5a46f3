package ai.liouna.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import ai.liouna.data.ImageBlock;
import ai.liouna.data.Manifest;
import ai.liouna.model.Backbone;
import ai.liouna.model.BackboneIO;
import ai.liouna.model.ModelSpec;
import ai.liouna.rule.LocalRule;
import ai.liouna.rule.TrainedBlocks;
import ai.liouna.train.StepMetrics;
import ai.liouna.train.TrainingSetup;
import ai.liouna.util.ComputeThreads;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pretrain}: reads the shards, trains the backbone with the configured local rule,
 * data-parallel over Spark partitions, and writes {@code backbone.zip}, {@code metrics.jsonl}
 * (one line per step) and {@code summary.json}.
 */
public final class PretrainJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(PretrainJob.class);
    public static final String BACKBONE_FILE = "backbone.zip";
    public static final String METRICS_FILE = "metrics.jsonl";

    @Override
    public String name() {
        return "pretrain";
    }

    @Override
    public String description() {
        return "train a backbone on the shards with a local rule (no labels used)";
    }

    @Override
    public void run(JobContext context) throws Exception {
        Settings settings = context.settings();
        LocalRule rule = TrainingSetup.rule(settings);
        TrainedBlocks trained = TrainingSetup.trainedBlocks(settings);
        claimOutput(context);
        ShardStore store = new ShardStore(context.spark(), context.files(),
                settings.getString("data.shards"));
        Manifest manifest = store.manifest();
        context.summary().manifest(manifest);

        ModelSpec spec = TrainingSetup.modelSpec(settings, manifest.channels(), manifest.height());
        Backbone backbone = startingBackbone(context, spec);
        LOG.info("pretrain: {} backbone, {} blocks {}, {} convolution weights; training {}",
                spec.design().configName(), spec.depth(), spec.channels(),
                backbone.convolutionWeightCount(), trained);
        context.summary().metric("trainedBlocks", trained.numbers(spec.depth()));
        context.summary().metric("initialWeights", initialWeights(settings));
        List<StepMetrics> steps = rule == null ? List.of()
                : context.timed("train", () -> train(context, store, manifest, backbone, rule));

        context.timed("save", () -> {
            save(context, backbone, steps);
            return null;
        });
        recordSummary(context, backbone, steps);
        context.writeSummary();
    }

    /**
     * The backbone to train: {@code pretrain.initialWeights} when set, else fresh weights. A
     * loaded backbone keeps the spec it was saved with, so its seed still names the
     * initialisation its weights descend from.
     */
    private static Backbone startingBackbone(JobContext context, ModelSpec spec)
            throws IOException {
        String initial = initialWeights(context.settings());
        if (initial == null) {
            return Backbone.create(spec);
        }
        Path path = new Path(initial);
        if (!context.files().exists(path)) {
            throw new SettingsException("pretrain.initialWeights = " + path + " does not exist;"
                    + " set it to a backbone.zip an earlier pretrain wrote, or to \"\" to start"
                    + " from fresh weights");
        }
        Backbone loaded;
        try (InputStream in = context.files().open(path)) {
            loaded = BackboneIO.read(in);
        }
        if (!loaded.spec().withSeed(spec.seed()).equals(spec)) {
            throw new SettingsException("pretrain.initialWeights = " + path + " holds a backbone"
                    + " of " + loaded.spec().describe() + ", but model.* and the dataset at "
                    + context.settings().getString("data.shards") + " describe "
                    + spec.describe() + "; set model.* to the backbone's, or start from a"
                    + " backbone of this model");
        }
        LOG.info("pretrain: starting from the backbone at {}", path);
        return loaded;
    }

    private static String initialWeights(Settings settings) {
        String configured = settings.getString("pretrain.initialWeights");
        return configured.isBlank() ? null : configured;
    }

    /** A resumed run may reuse its unfinished output directory; any other needs a free one. */
    private static void claimOutput(JobContext context) {
        boolean resume = context.settings().getBoolean("pretrain.resume");
        if (!resume || context.files().exists(context.output(JobContext.SUMMARY_FILE))) {
            context.claimOutputDirectory();
        }
    }

    private List<StepMetrics> train(JobContext context, ShardStore store, Manifest manifest,
                                    Backbone backbone, LocalRule rule) {
        Settings settings = context.settings();
        long seed = settings.getLong("run.seed");
        int partitions = partitionCount(context);
        JavaRDD<ImageBlock> data = store.blocks(settings.getStringList("pretrain.splits"),
                partitions, seed, settings.getLong("pretrain.maxImages"));
        context.describe("load shards into " + partitions + " partitions");
        long[] sizes = data.map(block -> (long) block.size()).collect().stream()
                .mapToLong(Long::longValue).toArray();
        LOG.info("pretrain: {} images of splits {} in {} partitions", Arrays.stream(sizes).sum(),
                settings.getStringList("pretrain.splits"), partitions);

        PartitionWork work = new PartitionWork(rule, backbone.spec(), manifest.channelStats(),
                settings.getInt("pretrain.chunkSize"), seed, threadsPerTask(context),
                FaultPlan.from(settings));
        TrainingRun run = new TrainingRun(context, backbone, protocol(context, data, work),
                new CheckpointStore(context.files(), context.output("checkpoints"),
                        settings.getInt("pretrain.checkpointKeep")));
        List<StepMetrics> metrics = run.start(rule, sizes);
        data.unpersist(false);
        return metrics;
    }

    private static DataParallelProtocol protocol(JobContext context, JavaRDD<ImageBlock> data,
                                                 PartitionWork work) {
        String sync = context.settings().getString("pretrain.sync");
        return switch (sync) {
            case "step" -> new SynchronousSteps(context.sparkContext(), data, work);
            case "local" -> new PeriodicAveraging(context.sparkContext(), data, work,
                    context.settings().getInt("pretrain.localSteps"));
            default -> throw new SettingsException("pretrain.sync = '" + sync
                    + "' is not one of: step, local");
        };
    }

    private static int partitionCount(JobContext context) {
        int configured = context.settings().getInt("pretrain.partitions");
        return configured > 0 ? configured : context.sparkContext().defaultParallelism();
    }

    static int threadsPerTask(JobContext context) {
        int configured = context.settings().getInt("compute.threadsPerTask");
        if (configured > 0) {
            return configured;
        }
        var conf = context.spark().sparkContext().getConf();
        return ComputeThreads.perTask(SparkSessions.executorCores(conf),
                SparkSessions.concurrentTasks(conf));
    }

    private static void save(JobContext context, Backbone backbone, List<StepMetrics> steps) {
        Path path = context.output(BACKBONE_FILE);
        context.files().write(path, out -> BackboneIO.write(backbone, out));
        context.files().writeText(context.output(METRICS_FILE), TrainingRun.jsonLines(steps));
        LOG.info("pretrain: backbone written to {}", path);
    }

    private static void recordSummary(JobContext context, Backbone backbone,
                                      List<StepMetrics> steps) {
        context.summary().metric("convolutionWeights", backbone.convolutionWeightCount());
        context.summary().metric("steps", steps.size());
        long images = steps.stream().mapToLong(StepMetrics::images).sum();
        double seconds = steps.stream().mapToDouble(StepMetrics::seconds).sum();
        context.summary().metric("imagesTrained", images);
        context.summary().metric("imagesPerSecond", seconds > 0 ? images / seconds : null);
        if (!steps.isEmpty()) {
            StepMetrics last = steps.get(steps.size() - 1);
            context.summary().metric("finalBlockLoss", finiteOrNull(last.blockLoss()));
            context.summary().metric("finalNeuronNorm", last.neuronNorm());
        }
        context.summary().metric("backbone", context.output(BACKBONE_FILE).toString());
    }

    /** JSON has no NaN: a frozen block's loss is written as null. */
    private static List<Double> finiteOrNull(double[] values) {
        return Arrays.stream(values).mapToObj(value -> Double.isNaN(value) ? null : value)
                .toList();
    }
}
