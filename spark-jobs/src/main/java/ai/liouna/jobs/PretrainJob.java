package ai.liouna.jobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.liouna.config.Settings;
import ai.liouna.data.ImageBlock;
import ai.liouna.data.Manifest;
import ai.liouna.model.Backbone;
import ai.liouna.model.BackboneIO;
import ai.liouna.model.ModelSpec;
import ai.liouna.rule.LocalRule;
import ai.liouna.train.EpochPlan;
import ai.liouna.train.StepMetrics;
import ai.liouna.train.TrainingSetup;
import ai.liouna.util.ComputeThreads;
import ai.liouna.util.Json;
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
        context.claimOutputDirectory();
        Settings settings = context.settings();
        ShardStore store = new ShardStore(context.spark(), context.files(),
                settings.getString("data.shards"));
        Manifest manifest = store.manifest();
        context.summary().manifest(manifest);

        ModelSpec spec = TrainingSetup.modelSpec(settings, manifest.channels(), manifest.height());
        Backbone backbone = Backbone.create(spec);
        LOG.info("pretrain: {} backbone, {} blocks {}, {} convolution weights", spec.design()
                .configName(), spec.depth(), spec.channels(), backbone.convolutionWeightCount());
        LocalRule rule = TrainingSetup.rule(settings);
        List<StepMetrics> steps = rule == null ? List.of()
                : context.timed("train", () -> train(context, store, manifest, spec, backbone, rule));

        context.timed("save", () -> {
            save(context, backbone, steps);
            return null;
        });
        recordSummary(context, backbone, steps);
        context.writeSummary();
    }

    private List<StepMetrics> train(JobContext context, ShardStore store, Manifest manifest,
                                    ModelSpec spec, Backbone backbone, LocalRule rule) {
        Settings settings = context.settings();
        long seed = settings.getLong("run.seed");
        int partitions = partitionCount(context);
        JavaRDD<ImageBlock> data = store.blocks(settings.getStringList("pretrain.splits"),
                partitions, seed);
        context.describe("load shards into " + partitions + " partitions");
        long[] sizes = data.map(block -> (long) block.size()).collect().stream()
                .mapToLong(Long::longValue).toArray();
        LOG.info("pretrain: {} images of splits {} in {} partitions", Arrays.stream(sizes).sum(),
                settings.getStringList("pretrain.splits"), partitions);

        rule.prepare(backbone);
        SynchronousSteps protocol = new SynchronousSteps(context.sparkContext(), data, rule, spec,
                manifest.channelStats(), settings.getInt("pretrain.chunkSize"), seed,
                threadsPerTask(context));
        int epochs = settings.getInt("pretrain.epochs");
        int batchSize = settings.getInt("pretrain.batchSize");
        List<StepMetrics> metrics = new ArrayList<>();
        Progress progress = new Progress(epochs);
        long globalStep = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            EpochPlan plan = new EpochPlan(sizes, batchSize, seed, epoch);
            for (int step = 0; step < plan.steps(); step++, globalStep++) {
                context.describe(String.format("epoch %d/%d, step %d/%d, all %d blocks",
                        epoch + 1, epochs, step + 1, plan.steps(), spec.depth()));
                StepMetrics result = protocol.step(backbone, plan, epoch, step, globalStep);
                metrics.add(result);
                progress.report(result, plan.steps());
            }
            writeMetrics(context, metrics);
            progress.endOfEpoch(epoch, metrics);
        }
        data.unpersist(false);
        return metrics;
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
        writeMetrics(context, steps);
        LOG.info("pretrain: backbone written to {}", path);
    }

    private static void writeMetrics(JobContext context, List<StepMetrics> steps) {
        StringBuilder lines = new StringBuilder();
        for (StepMetrics step : steps) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("epoch", step.epoch());
            line.put("step", step.step());
            line.put("globalStep", step.globalStep());
            line.put("images", step.images());
            line.put("seconds", step.seconds());
            line.put("imagesPerSecond", step.imagesPerSecond());
            line.put("blockLoss", step.blockLoss());
            line.put("neuronNorm", step.neuronNorm());
            lines.append(Json.writeLine(line)).append('\n');
        }
        context.files().writeText(context.output(METRICS_FILE), lines.toString());
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
            context.summary().metric("finalBlockLoss", last.blockLoss());
            context.summary().metric("finalNeuronNorm", last.neuronNorm());
        }
        context.summary().metric("backbone", context.output(BACKBONE_FILE).toString());
    }

    /** A console progress line: rate, loss per block and time left. */
    private static final class Progress {
        private final int epochs;
        private final long started = System.nanoTime();
        private long lastReport;

        Progress(int epochs) {
            this.epochs = epochs;
        }

        void report(StepMetrics step, int stepsPerEpoch) {
            long now = System.nanoTime();
            boolean last = step.step() == stepsPerEpoch - 1;
            if (now - lastReport < 10_000_000_000L && !last && step.globalStep() > 0) {
                return;
            }
            lastReport = now;
            long total = (long) epochs * stepsPerEpoch;
            double elapsed = (now - started) / 1e9;
            double remaining = elapsed / (step.globalStep() + 1) * (total - step.globalStep() - 1);
            LOG.info(String.format("pretrain: epoch %d/%d step %d/%d | %.0f img/s | loss %s |"
                            + " %s left", step.epoch() + 1, epochs, step.step() + 1,
                    stepsPerEpoch, step.imagesPerSecond(), format(step.blockLoss()),
                    duration(remaining)));
        }

        void endOfEpoch(int epoch, List<StepMetrics> metrics) {
            StepMetrics last = metrics.get(metrics.size() - 1);
            LOG.info("pretrain: epoch {}/{} done, loss per block {}", epoch + 1, epochs,
                    format(last.blockLoss()));
        }

        private static String format(double[] values) {
            StringBuilder text = new StringBuilder("[");
            for (double value : values) {
                text.append(text.length() > 1 ? " " : "").append(String.format("%.4f", value));
            }
            return text.append(']').toString();
        }

        private static String duration(double seconds) {
            long whole = Math.round(seconds);
            return whole >= 3600 ? String.format("%dh%02dm", whole / 3600, whole % 3600 / 60)
                    : String.format("%dm%02ds", whole / 60, whole % 60);
        }
    }
}
