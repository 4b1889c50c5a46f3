package ai.liouna.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import ai.liouna.data.ImageBlock;
import ai.liouna.data.Manifest;
import ai.liouna.model.Backbone;
import ai.liouna.model.BackboneIO;
import ai.liouna.model.BackboneParameters;
import ai.liouna.model.ModelSpec;
import ai.liouna.probe.ExtractedFeatures;
import ai.liouna.probe.FeatureExtractor;
import ai.liouna.probe.FeaturePooling;
import ai.liouna.probe.LinearProbe;
import ai.liouna.probe.ProbeResult;
import ai.liouna.probe.ProbeSettings;
import ai.liouna.probe.SplitFeatures;
import ai.liouna.util.ComputeThreads;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code probe} command: a linear readout on the frozen features of every block of a
 * pretrained backbone and, as a baseline, of the same network untrained.
 *
 * <p>Protocol, once per backbone: broadcast its parameters; on every partition of the train
 * and test splits, normalise the images, run them through the backbone and pool each block's
 * output ({@link FeatureExtractionTask}); collect the partitions to the driver in partition
 * order, a wave of parallel tasks at a time; train one {@link LinearProbe} per block on the
 * driver. Results go to {@code <run.output>/probe/summary.json}.
 */
public final class ProbeJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeJob.class);

    /** Where pretrain leaves its backbone, relative to {@code run.output}. */
    static final String PRETRAINED_BACKBONE = "pretrain/backbone.zip";
    /** With {@code probe.partitions = 0}, partitions hold about this many images at most. */
    private static final int MAX_PARTITION_IMAGES = 4096;

    @Override
    public String name() {
        return "probe";
    }

    @Override
    public String description() {
        return "linear readout of every block of the pretrained backbone and of its random init";
    }

    @Override
    public void run(JobContext context) throws Exception {
        context.claimOutputDirectory();
        Settings settings = context.settings();
        ShardStore store = new ShardStore(context.spark(), context.files(),
                settings.getString("data.shards"));
        Manifest manifest = store.manifest();
        context.summary().manifest(manifest);
        Path weights = weightsPath(settings);
        Backbone trained = context.timed("load backbone", () -> loadBackbone(context, weights));
        Images images = readImages(context, store, manifest, trained.spec());

        Map<String, List<ProbeResult>> results = new LinkedHashMap<>();
        results.put("trained", probeEveryBlock(context, "trained", trained, images));
        if (settings.getBoolean("probe.randomBaseline")) {
            Backbone random = Backbone.create(trained.spec());
            results.put("random", probeEveryBlock(context, "random", random, images));
        }
        images.train().blocks().unpersist(false);
        images.test().blocks().unpersist(false);

        recordMetrics(context, weights, images, trained.spec(), results);
        LOG.info("probe: test top-1 per block\n{}", table(results));
        context.writeSummary();
    }

    /** {@code probe.weights}, or the pretrain job's backbone of this run when it is empty. */
    static Path weightsPath(Settings settings) {
        String configured = settings.getString("probe.weights");
        return configured.isBlank()
                ? new Path(settings.getString("run.output"), PRETRAINED_BACKBONE)
                : new Path(configured);
    }

    private static Backbone loadBackbone(JobContext context, Path path) throws IOException {
        if (!context.files().exists(path)) {
            throw new SettingsException("no backbone to probe at " + path + ": run 'liouna"
                    + " pretrain' with the same run.output first, or set probe.weights to a"
                    + " backbone.zip that pretrain wrote");
        }
        try (InputStream in = context.files().open(path)) {
            Backbone backbone = BackboneIO.read(in);
            LOG.info("probe: loaded backbone {} from {}", backbone.spec(), path);
            return backbone;
        }
    }

    /** One split's images, one cached block per partition, and how many there are. */
    private record Split(String name, JavaRDD<ImageBlock> blocks, int images) {
    }

    /** The train and test images and the manifest that describes them. */
    private record Images(Split train, Split test, Manifest manifest) {
    }

    private static Images readImages(JobContext context, ShardStore store, Manifest manifest,
                                     ModelSpec spec) {
        Settings settings = context.settings();
        int parallelism = context.sparkContext().defaultParallelism();
        String trainSplit = settings.getString("probe.trainSplit");
        String testSplit = settings.getString("probe.testSplit");
        int trainImages = capped(labelledImages(manifest, "probe.trainSplit", trainSplit),
                settings.getInt("probe.maxTrainImages"));
        int testImages = capped(labelledImages(manifest, "probe.testSplit", testSplit),
                settings.getInt("probe.maxTestImages"));
        checkCompatible(spec, manifest, store.root());
        long seed = settings.getLong("run.seed");
        int trainPartitions = partitions(settings, parallelism, trainImages);
        int testPartitions = partitions(settings, parallelism, testImages);
        return new Images(
                new Split(trainSplit, store.blocks(List.of(trainSplit), trainPartitions, seed,
                        settings.getInt("probe.maxTrainImages")), trainImages),
                new Split(testSplit, store.blocks(List.of(testSplit), testPartitions, seed,
                        settings.getInt("probe.maxTestImages")), testImages),
                manifest);
    }

    /** {@code images}, or {@code max} of them when {@code max} is positive and smaller. */
    private static int capped(int images, int max) {
        return max > 0 ? Math.min(images, max) : images;
    }

    static int labelledImages(Manifest manifest, String key, String split) {
        Manifest.SplitSummary summary = manifest.split(split);
        if (!summary.labeled()) {
            throw new SettingsException(key + " is '" + split + "', which has no labels in"
                    + " dataset '" + manifest.dataset() + "'; a classifier needs a labelled"
                    + " split, one of " + labelledSplits(manifest));
        }
        return Math.toIntExact(summary.images());
    }

    private static List<String> labelledSplits(Manifest manifest) {
        return manifest.splits().entrySet().stream()
                .filter(entry -> entry.getValue().labeled()).map(Map.Entry::getKey).toList();
    }

    static void checkCompatible(ModelSpec spec, Manifest manifest, Path shards) {
        if (spec.inputChannels() != manifest.channels() || spec.imageSize() != manifest.height()
                || spec.imageSize() != manifest.width()) {
            throw new SettingsException("the backbone takes " + spec.inputChannels() + "x"
                    + spec.imageSize() + "x" + spec.imageSize() + " images but the dataset at "
                    + shards + " holds " + manifest.channels() + "x" + manifest.height() + "x"
                    + manifest.width() + "; point data.shards at the dataset it was trained on");
        }
    }

    /**
     * {@code probe.partitions}, or enough partitions to keep each task's features small, in
     * whole waves of {@code parallelism} tasks so that no core idles in the last wave.
     */
    private static int partitions(Settings settings, int parallelism, int images) {
        int configured = settings.getInt("probe.partitions");
        if (configured > 0) {
            return configured;
        }
        int needed = (images + MAX_PARTITION_IMAGES - 1) / MAX_PARTITION_IMAGES;
        int waves = Math.max(1, (needed + parallelism - 1) / parallelism);
        return waves * parallelism;
    }

    /** Extracts features of both splits with {@code backbone}, then probes each block. */
    private static List<ProbeResult> probeEveryBlock(JobContext context, String variant,
                                                     Backbone backbone, Images images)
            throws Exception {
        Broadcast<BackboneParameters> parameters = context.sparkContext()
                .broadcast(BackboneParameters.of(backbone));
        SplitFeatures train = context.timed(variant + " features: train",
                () -> extract(context, variant, images.train(), images.manifest(), parameters));
        SplitFeatures test = context.timed(variant + " features: test",
                () -> extract(context, variant, images.test(), images.manifest(), parameters));
        parameters.destroy();

        ComputeThreads.configure(driverThreads(context.spark().sparkContext().getConf()));
        LinearProbe probe = new LinearProbe(ProbeSettings.from(context.settings()));
        int classes = images.manifest().classCount();
        List<ProbeResult> results = new ArrayList<>();
        for (int block = 0; block < train.blocks(); block++) {
            int index = block;
            results.add(context.timed(variant + " probe: block " + (block + 1),
                    () -> probe.run(train.block(index), test.block(index), classes)));
        }
        train.release();
        test.release();
        return results;
    }

    /**
     * Features of every image of {@code split}, in partition order. Partitions are computed in
     * waves of parallel tasks whose results come straight back to the driver, which copies
     * each wave into the split's matrices before starting the next; a wave's results stay
     * under half of {@code spark.driver.maxResultSize}.
     */
    private static SplitFeatures extract(JobContext context, String variant, Split split,
                                         Manifest manifest,
                                         Broadcast<BackboneParameters> parameters) {
        Settings settings = context.settings();
        FeaturePooling pooling = new FeaturePooling(settings.getInt("probe.featureGrid"));
        int[] dimensions = FeatureExtractor.dimensions(parameters.value().spec(), pooling);
        JavaRDD<ExtractedFeatures> parts = split.blocks().map(new FeatureExtractionTask(
                parameters, manifest.channelStats(), pooling.grid(),
                settings.getInt("probe.chunkSize"), threadsPerTask(context)));
        int partitions = parts.getNumPartitions();
        int wave = waveSize(context, split, partitions, dimensions);
        SplitFeatures features = new SplitFeatures(split.images(), dimensions);
        long start = System.nanoTime();
        for (int first = 0; first < partitions; first += wave) {
            int[] ids = IntStream.range(first, Math.min(partitions, first + wave)).toArray();
            context.describe(variant + " features: " + split.name() + ", partitions "
                    + (first + 1) + "-" + (first + ids.length) + " of " + partitions);
            for (List<ExtractedFeatures> part : parts.collectPartitions(ids)) {
                part.forEach(features::append);
            }
        }
        if (features.filled() != split.images()) {
            throw new IllegalStateException("split '" + split.name() + "' holds "
                    + features.filled() + " images but the dataset's manifest says "
                    + split.images() + "; the shards and manifest.json disagree, re-run ingest");
        }
        LOG.info("probe: {} features of {} {} images extracted in {} s on {} partitions",
                variant, features.size(), split.name(),
                Math.round((System.nanoTime() - start) / 1e7) / 100.0, partitions);
        return features;
    }

    /** Partitions per wave: a task slot each, within half the driver's result size limit. */
    private static int waveSize(JobContext context, Split split, int partitions,
                                int[] dimensions) {
        SparkConf conf = context.spark().sparkContext().getConf();
        long limit = conf.getSizeAsBytes("spark.driver.maxResultSize", "1g");
        long partitionBytes = Math.max(1, (long) Float.BYTES * IntStream.of(dimensions).sum()
                * split.images() / partitions);
        int fitting = limit <= 0 ? partitions : (int) Math.min(partitions,
                Math.max(1, limit / 2 / partitionBytes));
        return Math.max(1, Math.min(context.sparkContext().defaultParallelism(), fitting));
    }

    private static int threadsPerTask(JobContext context) {
        int configured = context.settings().getInt("compute.threadsPerTask");
        SparkConf conf = context.spark().sparkContext().getConf();
        return configured > 0 ? configured : ComputeThreads.perTask(
                SparkSessions.executorCores(conf), SparkSessions.concurrentTasks(conf));
    }

    /** The driver trains the probes alone, so it may use all of its cores. */
    private static int driverThreads(SparkConf conf) {
        return conf.getInt("spark.driver.cores", Runtime.getRuntime().availableProcessors());
    }

    private static void recordMetrics(JobContext context, Path weights, Images images,
                                      ModelSpec spec, Map<String, List<ProbeResult>> results) {
        RunSummary summary = context.summary();
        summary.metric("weights", weights.toString());
        summary.metric("classes", images.manifest().classCount());
        summary.metric("trainImages", images.train().images());
        summary.metric("testImages", images.test().images());
        int[] dimensions = FeatureExtractor.dimensions(spec,
                new FeaturePooling(context.settings().getInt("probe.featureGrid")));
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (int block = 0; block < spec.depth(); block++) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("block", block + 1);
            entry.put("channels", spec.channels().get(block));
            entry.put("resolution", spec.outputResolutionOf(block));
            entry.put("features", dimensions[block]);
            for (Map.Entry<String, List<ProbeResult>> variant : results.entrySet()) {
                entry.put(variant.getKey(), resultMetrics(variant.getValue().get(block)));
            }
            blocks.add(entry);
        }
        summary.metric("blocks", blocks);
    }

    private static Map<String, Object> resultMetrics(ProbeResult result) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("test_top1", finiteOrNull(result.testTop1()));
        metrics.put("val_top1", finiteOrNull(result.validationTop1()));
        metrics.put("train_top1", finiteOrNull(result.trainTop1()));
        metrics.put("best_epoch", result.bestEpoch());
        metrics.put("epochs_run", result.epochsRun());
        metrics.put("seconds", result.seconds());
        metrics.put("val_curve", result.validationCurve().stream()
                .map(ProbeJob::finiteOrNull).toList());
        return metrics;
    }

    /** JSON has no NaN: a missing accuracy (no validation rows) is written as null. */
    static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** block, trained top-1 and random top-1, one row per block. */
    private static String table(Map<String, List<ProbeResult>> results) {
        StringBuilder table = new StringBuilder(String.format("%5s", "block"));
        results.keySet().forEach(variant -> table.append(String.format(" %8s", variant)));
        int depth = results.values().iterator().next().size();
        for (int block = 0; block < depth; block++) {
            table.append(String.format("%n%5d", block + 1));
            for (List<ProbeResult> variant : results.values()) {
                table.append(String.format(" %7.2f%%", 100 * variant.get(block).testTop1()));
            }
        }
        return table.toString();
    }
}
