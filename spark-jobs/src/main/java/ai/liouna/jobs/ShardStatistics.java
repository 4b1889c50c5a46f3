package ai.liouna.jobs;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import ai.liouna.data.source.PixelMoments;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What ingest measures on the shards it wrote, by reading them back rather than trusting its
 * own bookkeeping: images per class, the image sizes, pixel sums for the channel statistics,
 * and from the Parquet footers the files, bytes and images per row group.
 *
 * @param images          rows stored
 * @param labelCounts     rows per label (null labels not counted)
 * @param sizes           distinct "channels x height x width" found (at most a few)
 * @param moments         pixel sums, or null when not asked for
 * @param files           Parquet files
 * @param storedBytes     bytes of the Parquet files
 * @param rowGroupImages  per file, the images of each of its row groups
 */
record ShardStatistics(long images, Map<Integer, Long> labelCounts, List<String> sizes,
                       PixelMoments moments, int files, long storedBytes,
                       List<List<Long>> rowGroupImages) {

    /** Spark's setting of the rows a vectorised Parquet read decodes at once. */
    private static final String READER_BATCH = "spark.sql.parquet.columnarReaderBatchSize";

    /**
     * Rows per vectorised read batch here. Spark's default of 4096 would hold 4096 images per
     * task at once (113 MB of STL-10 pixels, 315 MB at 160x160) and is what limits the heap.
     */
    private static final int IMAGES_PER_READ_BATCH = 64;

    /** Reads the split at {@code folder}; sums pixels of {@code channels} channels if asked. */
    static ShardStatistics of(SparkSession spark, HadoopFiles files, Path folder,
                              boolean withMoments, int channels) {
        String batch = spark.conf().get(READER_BATCH);
        spark.conf().set(READER_BATCH, IMAGES_PER_READ_BATCH);
        try {
            return read(spark, files, folder, withMoments, channels);
        } finally {
            spark.conf().set(READER_BATCH, batch);
        }
    }

    private static ShardStatistics read(SparkSession spark, HadoopFiles files, Path folder,
                                        boolean withMoments, int channels) {
        Dataset<Row> shards = spark.read().parquet(folder.toString());
        Dataset<Row> columns = withMoments
                ? shards.select(ShardSchema.LABEL, ShardSchema.CHANNELS, ShardSchema.HEIGHT,
                        ShardSchema.WIDTH, ShardSchema.PIXELS)
                : shards.select(ShardSchema.LABEL, ShardSchema.CHANNELS, ShardSchema.HEIGHT,
                        ShardSchema.WIDTH);
        Tally tally = columns.javaRDD()
                .mapPartitions(rows -> List.of(Tally.of(rows, withMoments, channels)).iterator())
                .treeReduce(Tally::merge);
        List<List<Long>> rowGroups = new ArrayList<>();
        long bytes = 0;
        List<FileStatus> parts = parquetFiles(files, folder);
        for (FileStatus part : parts) {
            bytes += part.getLen();
            rowGroups.add(rowGroupSizes(files.configuration(), part.getPath()));
        }
        return new ShardStatistics(tally.images, tally.labels, List.copyOf(tally.sizes),
                tally.moments, parts.size(), bytes, rowGroups);
    }

    private static List<FileStatus> parquetFiles(HadoopFiles files, Path folder) {
        try {
            List<FileStatus> parts = new ArrayList<>();
            for (FileStatus status : files.fileSystem(folder).listStatus(folder)) {
                if (status.getPath().getName().endsWith(".parquet")) {
                    parts.add(status);
                }
            }
            return parts;
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + folder, e);
        }
    }

    private static List<Long> rowGroupSizes(Configuration configuration, Path file) {
        try (ParquetFileReader reader = ParquetFileReader.open(
                HadoopInputFile.fromPath(file, configuration))) {
            return reader.getFooter().getBlocks().stream().map(BlockMetaData::getRowCount)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the footer of " + file, e);
        }
    }

    /** Counts of one partition, merged up the tree. */
    static final class Tally implements Serializable {

        private static final long serialVersionUID = 1L;

        /** Distinct sizes kept; more than one already means "sizes vary". */
        private static final int MAX_SIZES = 3;

        long images;
        final TreeMap<Integer, Long> labels = new TreeMap<>();
        final TreeSet<String> sizes = new TreeSet<>();
        PixelMoments moments;

        static Tally of(Iterator<Row> rows, boolean withMoments, int channels) {
            Tally tally = new Tally();
            tally.moments = withMoments ? new PixelMoments(channels) : null;
            while (rows.hasNext()) {
                Row row = rows.next();
                tally.images++;
                if (!row.isNullAt(0)) {
                    tally.labels.merge(row.getInt(0), 1L, Long::sum);
                }
                tally.addSize(row.getInt(1) + "x" + row.getInt(2) + "x" + row.getInt(3));
                if (withMoments) {
                    tally.moments.add((byte[]) row.get(4));
                }
            }
            return tally;
        }

        private void addSize(String size) {
            if (sizes.size() < MAX_SIZES || sizes.contains(size)) {
                sizes.add(size);
            }
        }

        Tally merge(Tally other) {
            images += other.images;
            other.labels.forEach((label, count) -> labels.merge(label, count, Long::sum));
            other.sizes.forEach(this::addSize);
            if (moments == null) {
                moments = other.moments;
            } else if (other.moments != null) {
                moments.merge(other.moments);
            }
            return this;
        }
    }
}
