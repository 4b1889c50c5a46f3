package ai.liouna.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import ai.liouna.data.ImageBlock;
import ai.liouna.data.Manifest;
import ai.liouna.model.Backbone;
import ai.liouna.model.BackboneIO;
import ai.liouna.model.BackboneParameters;
import ai.liouna.model.ModelSpec;
import ai.liouna.supervised.HeldOutImages;
import ai.liouna.supervised.SupervisedModel;
import ai.liouna.supervised.SupervisedResult;
import ai.liouna.supervised.SupervisedSettings;
import ai.liouna.supervised.SupervisedTrainer;
import ai.liouna.train.TrainingSetup;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code supervised} command: the backbone plus a linear head trained end to end by
 * backprop, the supervised baselines of the paper's Table 3. {@code supervised.init} chooses
 * the regime: {@code scratch} (random init from {@code model.*}) or {@code pretrained} (the
 * {@code backbone.zip} pretrain wrote, the same Deeplearning4j network, fine-tuned as is);
 * {@code supervised.freezeBackbone} trains the head alone on frozen features.
 *
 * <p>Pipeline: read the train split into partitions and hold out a validation part of each;
 * train with {@link SupervisedTrainer} over {@link SparkGradients} (broadcast the parameters,
 * sum the gradient per partition, merge in partition order, one Adam step on the driver);
 * keep the epoch with the best validation top-1; score the test split; write the trained
 * {@code backbone.zip} and {@code summary.json} with the accuracies and the budget.
 */
public final class SupervisedJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(SupervisedJob.class);
    public static final String COMMAND = "supervised";
    public static final String BACKBONE_FILE = "backbone.zip";

    /**
     * What a supervised run achieved; accuracies are fractions, NaN when a split was empty.
     *
     * @param training  the epoch loop's result: validation curve, kept epoch, steps, images
     * @param trainTop1 top-1 of the kept weights on the fitting images
     * @param testTop1  top-1 of the kept weights on the test split
     * @param summary   the {@code summary.json} written
     */
    public record Outcome(SupervisedResult training, double trainTop1, double testTop1,
                          Path summary) {
    }

    @Override
    public String name() {
        return COMMAND;
    }

    @Override
    public String description() {
        return "backprop baseline: backbone plus linear head, from scratch or fine-tuned";
    }

    @Override
    public void run(JobContext context) throws Exception {
        train(context);
    }

    /**
     * Runs the command with resolved {@code settings} on {@code spark}, writing to
     * {@code outputDirectory} (which must be free unless {@code run.overwrite} is set), for
     * commands that run many of them.
     */
    public static Outcome run(SparkSession spark, Settings settings, Path outputDirectory)
            throws Exception {
        return train(new JobContext(COMMAND, settings, spark, outputDirectory));
    }

    static Outcome train(JobContext context) throws Exception {
        Settings settings = context.settings();
        SupervisedSettings supervised = SupervisedSettings.from(settings);
        context.claimOutputDirectory();
        ShardStore store = new ShardStore(context.spark(), context.files(),
                settings.getString("data.shards"));
        Manifest manifest = store.manifest();
        context.summary().manifest(manifest);
        String trainSplit = settings.getString("supervised.trainSplit");
        String testSplit = settings.getString("supervised.testSplit");
        ProbeJob.labelledImages(manifest, "supervised.trainSplit", trainSplit);
        ProbeJob.labelledImages(manifest, "supervised.testSplit", testSplit);

        Path weights = weightsPath(settings);
        Backbone backbone = context.timed("load backbone",
                () -> startingBackbone(context, supervised, manifest, weights));
        ProbeJob.checkCompatible(backbone.spec(), manifest, store.root());
        SupervisedModel model = createModel(backbone, manifest, supervised);
        LOG.info("supervised: {} backbone {}, {}, {} parameters ({} in the backbone)",
                supervised.start().configName(), backbone.spec(),
                supervised.freezeBackbone() ? "frozen" : "trained",
                model.network().numParams(), model.backboneParameterCount());

        int partitions = partitionCount(context);
        Images images = readImages(context, store, supervised, partitions, trainSplit,
                testSplit, settings.getLong("supervised.maxTrainImages"));
        SparkGradients gradients = new SparkGradients(context, images.fit(),
                images.validation(), model, manifest.channelStats(),
                supervised.chunkSize(), PretrainJob.threadsPerTask(context));
        SupervisedResult result = context.timed("train",
                () -> new SupervisedTrainer(supervised).train(model, gradients));
        double trainTop1 = top1(context.timed("score: train",
                () -> gradients.counts(images.fit(), model.parameters())));
        double testTop1 = top1(context.timed("score: test",
                () -> gradients.counts(images.test(), model.parameters())));
        gradients.release();
        images.release();
        LOG.info("supervised: test top-1 {} (epoch {} of {} kept, validation top-1 {})",
                String.format("%.2f%%", 100 * testTop1), result.bestEpoch(),
                result.epochsRun(), String.format("%.2f%%", 100 * result.validationTop1()));

        context.timed("save", () -> save(context, backbone.spec(), model));
        recordMetrics(context, supervised, weights, model, images, partitions, result,
                trainTop1, testTop1);
        return new Outcome(result, trainTop1, testTop1, context.writeSummary());
    }

    /** {@code supervised.weights}, or the pretrain job's backbone of this run when empty. */
    static Path weightsPath(Settings settings) {
        String configured = settings.getString("supervised.weights");
        return configured.isBlank()
                ? new Path(settings.getString("run.output"), ProbeJob.PRETRAINED_BACKBONE)
                : new Path(configured);
    }

    /** The pretrained backbone as saved, or a random one from {@code model.*} and the seed. */
    private static Backbone startingBackbone(JobContext context, SupervisedSettings supervised,
                                             Manifest manifest, Path weights)
            throws IOException {
        if (supervised.start() == SupervisedSettings.Start.SCRATCH) {
            return Backbone.create(TrainingSetup.modelSpec(context.settings(),
                    manifest.channels(), manifest.height()));
        }
        if (!context.files().exists(weights)) {
            throw new SettingsException("supervised.init = pretrained but there is no backbone"
                    + " at " + weights + ": run 'liouna pretrain' with the same run.output"
                    + " first, set supervised.weights to a backbone.zip that pretrain wrote,"
                    + " or use supervised.init=scratch");
        }
        try (InputStream in = context.files().open(weights)) {
            Backbone backbone = BackboneIO.read(in);
            LOG.info("supervised: loaded backbone {} from {}", backbone.spec(), weights);
            return backbone;
        }
    }

    private static SupervisedModel createModel(Backbone backbone, Manifest manifest,
                                               SupervisedSettings supervised) {
        try {
            return SupervisedModel.create(backbone, manifest.classCount(), supervised);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage(), e);
        }
    }

    private static int partitionCount(JobContext context) {
        int configured = context.settings().getInt("supervised.partitions");
        return configured > 0 ? configured : context.sparkContext().defaultParallelism();
    }

    /** The fitting, held-out and test images, one cached block per partition each. */
    private record Images(JavaRDD<ImageBlock> fit, JavaRDD<ImageBlock> validation,
                          JavaRDD<ImageBlock> test, long fitCount, long validationCount,
                          long testCount) {

        void release() {
            fit.unpersist(false);
            validation.unpersist(false);
            test.unpersist(false);
        }
    }

    private static Images readImages(JobContext context, ShardStore store,
                                     SupervisedSettings supervised, int partitions,
                                     String trainSplit, String testSplit,
                                     long maxTrainImages) {
        long seed = supervised.seed();
        double fraction = supervised.validationFraction();
        context.describe("read " + trainSplit + " and " + testSplit + " into " + partitions
                + " partitions");
        JavaRDD<ImageBlock> train = store.blocks(List.of(trainSplit), partitions, seed,
                maxTrainImages);
        JavaRDD<ImageBlock> fit = part(train, seed, fraction, false);
        JavaRDD<ImageBlock> validation = part(train, seed, fraction, true);
        JavaRDD<ImageBlock> test = store.blocks(List.of(testSplit), partitions, seed);
        long fitCount = images(fit);
        long validationCount = images(validation);
        long testCount = images(test);
        train.unpersist(false);
        LOG.info("supervised: {} fitting and {} validation images of '{}', {} test images of"
                + " '{}', on {} partitions", fitCount, validationCount, trainSplit, testCount,
                testSplit, partitions);
        return new Images(fit, validation, test, fitCount, validationCount, testCount);
    }

    /** The held-out ({@code heldOut}) or fitting part of every block, cached. */
    private static JavaRDD<ImageBlock> part(JavaRDD<ImageBlock> blocks, long seed,
                                            double fraction, boolean heldOut) {
        return blocks.map(block -> HeldOutImages.part(block, seed, fraction, heldOut))
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    private static long images(JavaRDD<ImageBlock> blocks) {
        return blocks.map(block -> (long) block.size()).reduce(Long::sum);
    }

    private static double top1(long[] counts) {
        return counts[1] == 0 ? Double.NaN : (double) counts[0] / counts[1];
    }

    /** The trained backbone alone, in pretrain's format, so that probe can read it. */
    private static Void save(JobContext context, ModelSpec spec, SupervisedModel model) {
        Backbone trained = new BackboneParameters(spec,
                model.backboneParameters().data().asFloat()).toBackbone();
        Path path = context.output(BACKBONE_FILE);
        context.files().write(path, out -> BackboneIO.write(trained, out));
        LOG.info("supervised: backbone written to {}", path);
        return null;
    }

    private static void recordMetrics(JobContext context, SupervisedSettings supervised,
                                      Path weights, SupervisedModel model, Images images,
                                      int partitions, SupervisedResult result,
                                      double trainTop1, double testTop1) {
        RunSummary summary = context.summary();
        boolean pretrained = supervised.start() == SupervisedSettings.Start.PRETRAINED;
        summary.metric("init", supervised.start().configName());
        summary.metric("freeze_backbone", supervised.freezeBackbone());
        summary.metric("weights", pretrained ? weights.toString() : null);
        summary.metric("classes", model.classes());
        summary.metric("fit_images", images.fitCount());
        summary.metric("val_images", images.validationCount());
        summary.metric("test_images", images.testCount());
        summary.metric("test_top1", ProbeJob.finiteOrNull(testTop1));
        summary.metric("val_top1", ProbeJob.finiteOrNull(result.validationTop1()));
        summary.metric("train_top1", ProbeJob.finiteOrNull(trainTop1));
        summary.metric("best_epoch", result.bestEpoch());
        summary.metric("epochs_run", result.epochsRun());
        summary.metric("val_curve", result.validationCurve().stream()
                .map(ProbeJob::finiteOrNull).toList());
        summary.metric("train_loss_curve", result.trainLossCurve().stream()
                .map(ProbeJob::finiteOrNull).toList());
        summary.metric("budget", budget(supervised, model, partitions, result));
        summary.metric("backbone", context.output(BACKBONE_FILE).toString());
    }

    /** What the accuracy cost: the compute a comparison with pretraining should state. */
    private static Map<String, Object> budget(SupervisedSettings supervised,
                                              SupervisedModel model, int partitions,
                                              SupervisedResult result) {
        long parameters = model.network().numParams();
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("epochs", supervised.epochs());
        budget.put("epochs_run", result.epochsRun());
        budget.put("steps", result.steps());
        budget.put("batch_size", supervised.batchSize());
        budget.put("images_seen", result.images());
        budget.put("wall_seconds", result.seconds());
        budget.put("partitions", partitions);
        budget.put("parameters", parameters);
        budget.put("backbone_parameters", model.backboneParameterCount());
        budget.put("backbone_trained", !supervised.freezeBackbone());
        return budget;
    }
}
