package ai.liouna.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ai.liouna.config.SettingsException;
import ai.liouna.data.ImageBlock;
import ai.liouna.data.Manifest;
import ai.liouna.model.Backbone;
import ai.liouna.model.BackboneIO;
import ai.liouna.model.BackboneParameters;
import ai.liouna.probe.ExtractedFeatures;
import ai.liouna.rule.RandomKey;
import ai.liouna.util.ComputeThreads;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pooled hidden activations of a fixed random sample of a dataset split, for embedding
 * and plotting. Usable from a job or from a notebook's Spark interpreter.
 *
 * <p>Protocol: collect the split's image ids to the driver and keep the {@code images} whose
 * seeded hash is smallest (the same sample on any cluster and for any backbone); broadcast the
 * chosen ids and the backbone; on every partition keep the chosen images and extract their
 * pooled block outputs ({@link FeatureExtractionTask}); collect the features to the driver.
 */
public final class ActivationSampler {

    private static final Logger LOG = LoggerFactory.getLogger(ActivationSampler.class);
    /** Separates the sample's random stream from every other use of the run seed. */
    private static final long SAMPLE_STREAM = 0x5A4D504CL;

    private final SparkSession spark;
    private final HadoopFiles files;
    private final ShardStore store;

    /** A sampler over the dataset ingest wrote at {@code shards}. */
    public ActivationSampler(SparkSession spark, String shards) {
        this.spark = spark;
        this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
        this.store = new ShardStore(spark, files, shards);
    }

    public Manifest manifest() {
        return store.manifest();
    }

    /** Reads a {@code backbone.zip} that pretrain wrote, from any Hadoop path. */
    public Backbone loadBackbone(String path) throws IOException {
        Path file = new Path(path);
        if (!files.exists(file)) {
            throw new SettingsException("no backbone at " + path + "; pretrain writes one to"
                    + " <run.output>/pretrain/" + PretrainJob.BACKBONE_FILE);
        }
        try (InputStream in = files.open(file)) {
            return BackboneIO.read(in);
        }
    }

    /**
     * The pooled activations of every block for a sample of {@code images} images of
     * {@code split} (all of them if the split is smaller), ordered by image id.
     *
     * @param featureGrid each block output is average-pooled to at most this many positions
     *                    per side, as in the probe
     * @param chunkSize   images per forward pass on an executor
     * @param seed        seed of the sample
     */
    public ExtractedFeatures sample(Backbone backbone, String split, int images,
                                    int featureGrid, int chunkSize, long seed) {
        Manifest manifest = store.manifest();
        checkLabelled(manifest, split);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int partitions = context.defaultParallelism();
        JavaRDD<ImageBlock> blocks = store.blocks(List.of(split), partitions, seed);
        try {
            spark.sparkContext().setJobDescription("sample " + images + " " + split
                    + " images");
            Set<Long> chosen = choose(blocks, images, seed);
            Broadcast<Set<Long>> chosenIds = context.broadcast(chosen);
            Broadcast<BackboneParameters> parameters = context.broadcast(
                    BackboneParameters.of(backbone));
            spark.sparkContext().setJobDescription("activations of " + chosen.size() + " "
                    + split + " images");
            List<ExtractedFeatures> parts = blocks.map(new KeepImages(chosenIds))
                    .map(new FeatureExtractionTask(parameters, manifest.channelStats(),
                            featureGrid, chunkSize, threadsPerTask()))
                    .collect();
            chosenIds.destroy();
            parameters.destroy();
            ExtractedFeatures features = byId(parts);
            LOG.info("activations of {} {} images extracted, features per block {}",
                    features.size(), split, Arrays.toString(features.dimensions()));
            return features;
        } finally {
            blocks.unpersist(false);
        }
    }

    private static void checkLabelled(Manifest manifest, String split) {
        if (!manifest.split(split).labeled()) {
            throw new SettingsException("split '" + split + "' of dataset '"
                    + manifest.dataset() + "' has no labels, so its map could not be coloured"
                    + " by class; set report.embedding.split to a labelled split such as test");
        }
    }

    /** The ids of the {@code images} images whose seeded hash is smallest. */
    private static Set<Long> choose(JavaRDD<ImageBlock> blocks, int images, long seed) {
        List<Long> ids = new ArrayList<>(blocks.flatMap(block -> Arrays.stream(block.ids())
                .boxed().iterator()).collect());
        ids.sort(Comparator.comparingLong(id -> RandomKey.of(seed, SAMPLE_STREAM, id).seed()));
        return new HashSet<>(ids.subList(0, Math.min(images, ids.size())));
    }

    private int threadsPerTask() {
        SparkConf conf = spark.sparkContext().getConf();
        return ComputeThreads.perTask(SparkSessions.executorCores(conf),
                SparkSessions.concurrentTasks(conf));
    }

    /** All parts as one, rows ordered by image id. */
    private static ExtractedFeatures byId(List<ExtractedFeatures> parts) {
        List<int[]> rows = new ArrayList<>();
        for (int part = 0; part < parts.size(); part++) {
            for (int index = 0; index < parts.get(part).size(); index++) {
                rows.add(new int[] {part, index});
            }
        }
        rows.sort(Comparator.comparingLong(row -> parts.get(row[0]).ids()[row[1]]));
        int[] dimensions = parts.get(0).dimensions();
        long[] ids = new long[rows.size()];
        int[] labels = new int[rows.size()];
        float[][] values = new float[dimensions.length][];
        for (int block = 0; block < dimensions.length; block++) {
            values[block] = new float[rows.size() * dimensions[block]];
        }
        for (int target = 0; target < rows.size(); target++) {
            ExtractedFeatures part = parts.get(rows.get(target)[0]);
            int source = rows.get(target)[1];
            ids[target] = part.ids()[source];
            labels[target] = part.labels()[source];
            for (int block = 0; block < dimensions.length; block++) {
                System.arraycopy(part.values()[block], source * dimensions[block],
                        values[block], target * dimensions[block], dimensions[block]);
            }
        }
        return new ExtractedFeatures(ids, labels, dimensions, values);
    }

    /** Keeps the images of a partition whose ids were chosen, in their order. */
    private static final class KeepImages implements Function<ImageBlock, ImageBlock> {

        private static final long serialVersionUID = 1L;

        private final Broadcast<Set<Long>> chosen;

        KeepImages(Broadcast<Set<Long>> chosen) {
            this.chosen = chosen;
        }

        @Override
        public ImageBlock call(ImageBlock block) {
            Set<Long> ids = chosen.value();
            int[] kept = java.util.stream.IntStream.range(0, block.size())
                    .filter(i -> ids.contains(block.id(i))).toArray();
            return block.select(kept);
        }
    }
}
