package ai.liouna.jobs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

import ai.liouna.data.ImageBlock;
import ai.liouna.data.Manifest;
import ai.liouna.rule.RandomKey;
import ai.liouna.util.Json;
import org.apache.hadoop.fs.Path;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Reads a dataset written by ingest: its manifest, and its images as one {@link ImageBlock} per
 * Spark partition. Which partition an image lands in depends only on its split, its id, the
 * seed and the partition count, so a run sees the same partitions on any cluster.
 */
public final class ShardStore {

    private final SparkSession spark;
    private final HadoopFiles files;
    private final Path root;

    public ShardStore(SparkSession spark, HadoopFiles files, String root) {
        this.spark = spark;
        this.files = files;
        this.root = new Path(root);
    }

    public Path root() {
        return root;
    }

    /** The manifest; its absence means ingest never completed here. */
    public Manifest manifest() {
        Path path = new Path(root, Manifest.FILE_NAME);
        if (!files.exists(path)) {
            throw new IllegalArgumentException("no complete dataset at " + root + ": "
                    + Manifest.FILE_NAME + " is missing (ingest writes it last). Run "
                    + "'liouna ingest' first or point data.shards at an ingested dataset");
        }
        return Json.read(files.readText(path), Manifest.class);
    }

    /**
     * The images of {@code splits}, spread over exactly {@code partitions} partitions of one
     * block each, cached in memory (spilling to disk).
     */
    public JavaRDD<ImageBlock> blocks(List<String> splits, int partitions, long seed) {
        return blocks(splits, partitions, seed, 0);
    }

    /**
     * As {@link #blocks(List, int, long)}, but at most {@code maxImages} images (all when it
     * is 0 or more than there are): those with the smallest {@link SubsetKey}, a subset that
     * depends only on the seed and the images' splits and ids.
     */
    public JavaRDD<ImageBlock> blocks(List<String> splits, int partitions, long seed,
                                      long maxImages) {
        Manifest manifest = manifest();
        List<String> paths = new ArrayList<>();
        for (String split : splits) {
            manifest.split(split);
            paths.add(new Path(root, split).toString());
        }
        int channels = manifest.channels();
        int height = manifest.height();
        int width = manifest.width();
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("dataset " + root + " holds images of varying sizes;"
                    + " re-run ingest with ingest.imageSize set to train on it");
        }
        Dataset<Row> frame = spark.read().parquet(paths.toArray(String[]::new))
                .select(ShardSchema.SPLIT, ShardSchema.ID, ShardSchema.LABEL, ShardSchema.PIXELS);
        JavaRDD<Row> rows = maxImages > 0 ? subset(frame, seed, maxImages) : frame.javaRDD();
        return rows
                .mapToPair(row -> new Tuple2<>(partitionOf(row, seed, partitions), row))
                .partitionBy(new ExactPartitioner(partitions))
                .mapPartitions(rowsOfPartition -> List.of(
                        toBlock(rowsOfPartition, channels, height, width)).iterator())
                .persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** Images of {@code frame} whose key is among the {@code maxImages} smallest. */
    private static JavaRDD<Row> subset(Dataset<Row> frame, long seed, long maxImages) {
        List<SubsetKey> smallest = frame.select(ShardSchema.SPLIT, ShardSchema.ID).javaRDD()
                .map(row -> SubsetKey.of(row, seed)).takeOrdered(Math.toIntExact(maxImages));
        if (smallest.size() < maxImages) {
            return frame.javaRDD();
        }
        SubsetKey last = smallest.get(smallest.size() - 1);
        return frame.javaRDD().filter(row -> SubsetKey.of(row, seed).compareTo(last) <= 0);
    }

    /**
     * Orders images for subsets: by a hash of seed, split and id (a stream of its own, apart
     * from the partition hash), then by split and id, so that no two images tie.
     */
    record SubsetKey(long key, String split, long id)
            implements Comparable<SubsetKey>, java.io.Serializable {

        private static final long SUBSET_STREAM = 0x5B5E7L;

        static SubsetKey of(Row row, long seed) {
            String split = row.getString(0);
            long id = row.getLong(1);
            return new SubsetKey(RandomKey.of(seed, SUBSET_STREAM, split.hashCode(), id).seed(),
                    split, id);
        }

        @Override
        public int compareTo(SubsetKey other) {
            int byKey = Long.compare(key, other.key);
            if (byKey != 0) {
                return byKey;
            }
            int bySplit = split.compareTo(other.split);
            return bySplit != 0 ? bySplit : Long.compare(id, other.id);
        }
    }

    private static int partitionOf(Row row, long seed, int partitions) {
        long splitHash = row.getString(0).hashCode();
        long key = RandomKey.of(seed, splitHash, row.getLong(1)).seed();
        return (int) Math.floorMod(key, (long) partitions);
    }

    private static ImageBlock toBlock(Iterator<Tuple2<Integer, Row>> rows, int channels,
                                      int height, int width) {
        List<Row> sorted = new ArrayList<>();
        rows.forEachRemaining(pair -> sorted.add(pair._2()));
        sorted.sort(Comparator.<Row, String>comparing(row -> row.getString(0))
                .thenComparingLong(row -> row.getLong(1)));
        int imageBytes = channels * height * width;
        long[] ids = new long[sorted.size()];
        int[] labels = new int[sorted.size()];
        byte[] pixels = new byte[sorted.size() * imageBytes];
        for (int i = 0; i < sorted.size(); i++) {
            Row row = sorted.get(i);
            ids[i] = row.getLong(1);
            labels[i] = row.isNullAt(2) ? ImageBlock.NO_LABEL : row.getInt(2);
            byte[] image = (byte[]) row.get(3);
            if (image.length != imageBytes) {
                throw new IllegalArgumentException("image " + row.getString(0) + "/" + ids[i]
                        + " has " + image.length + " bytes, expected " + imageBytes + " ("
                        + channels + "x" + height + "x" + width + " as the manifest says)");
            }
            System.arraycopy(image, 0, pixels, i * imageBytes, imageBytes);
        }
        return new ImageBlock(channels, height, width, ids, labels, pixels);
    }

    /** Sends key k to partition k. */
    static final class ExactPartitioner extends Partitioner {
        private final int partitions;

        ExactPartitioner(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            return (Integer) key;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ExactPartitioner that && that.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }
}
