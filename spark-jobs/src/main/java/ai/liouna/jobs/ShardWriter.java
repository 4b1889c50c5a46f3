package ai.liouna.jobs;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import ai.liouna.data.source.ImageRecord;
import ai.liouna.data.source.PixelImage;
import ai.liouna.data.source.ShardPlan;
import org.apache.hadoop.fs.Path;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Writes one split as Parquet shards in the {@link ShardSchema} layout: every image is sent to
 * the shard its {@link ShardPlan} position names, sorted by that position within the shard,
 * and each shard becomes one {@code part-*.parquet} file. Row groups are sized to hold
 * {@code ingest.rowGroupImages} images (see {@link #parquetOptions}).
 */
final class ShardWriter {

    private final SparkSession spark;

    /** Seed of the shard plans. */
    private final long seed;

    /** Shards per split. */
    private final int shards;

    /** Images per row group. */
    private final int rowGroupImages;

    ShardWriter(SparkSession spark, long seed, int shards, int rowGroupImages) {
        this.spark = spark;
        this.seed = seed;
        this.shards = shards;
        this.rowGroupImages = rowGroupImages;
    }

    /** Shuffles the split's images into their shards and writes them under {@code folder}. */
    void write(ImageSource.Split split, Path folder) {
        ShardPlan plan = ShardPlan.of(seed, split.name(), split.images(), shards);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<ShardPlan> planned = context.broadcast(plan);
        JavaRDD<Row> rows = split.records()
                .mapToPair(record -> new Tuple2<>(planned.value().position(record.id()), record))
                .repartitionAndSortWithinPartitions(new ShardPartitioner(plan))
                .map(positioned -> toRow(positioned._2()));
        spark.createDataFrame(rows, ShardSchema.SCHEMA).write().mode(SaveMode.ErrorIfExists)
                .options(parquetOptions(split.rowSize().bytes(split.name())))
                .parquet(folder.toString());
        planned.destroy();
    }

    /**
     * Parquet writer settings that cut row groups by image count. Parquet closes a row group
     * when its buffered bytes come within two rows of {@code parquet.block.size}; with pages
     * as large as a row group nothing is compressed before that, so the buffered bytes are the
     * rows' plain sizes ({@link ShardRowSize}), and a limit of {@code rowGroupImages + 1.5}
     * rows closes each group after {@code rowGroupImages} rows. The size is checked after every
     * row.
     */
    Map<String, String> parquetOptions(long rowBytes) {
        long blockBytes = (long) ((rowGroupImages + 1.5) * rowBytes);
        Map<String, String> options = new HashMap<>();
        options.put("parquet.block.size", Long.toString(blockBytes));
        options.put("parquet.page.size", Long.toString(2 * blockBytes));
        options.put("parquet.page.row.count.limit", Integer.toString(2 * rowGroupImages + 2));
        options.put("parquet.page.size.row.check.min", "1");
        options.put("parquet.page.size.row.check.max", "1");
        options.put("parquet.enable.dictionary#" + ShardSchema.PIXELS, "false");
        // No empty _SUCCESS file per split: the manifest is what marks a dataset complete.
        options.put("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");
        return options;
    }

    /** A shard row with the columns of {@link ShardSchema#SCHEMA}, in order. */
    static Row toRow(ImageRecord record) {
        PixelImage image = record.image();
        Integer[] folds = record.folds() == null ? null
                : Arrays.stream(record.folds()).boxed().toArray(Integer[]::new);
        return RowFactory.create(record.id(), record.split(), record.label(), folds,
                image.height(), image.width(), image.channels(), image.pixels(),
                record.source());
    }

    /** Sends permutation position p to shard {@code p * shards / images}. */
    static final class ShardPartitioner extends Partitioner {

        /** Images in the split. */
        private final int images;

        /** Shards of the split. */
        private final int shards;

        ShardPartitioner(ShardPlan plan) {
            this.images = plan.images();
            this.shards = plan.shards();
        }

        @Override
        public int numPartitions() {
            return shards;
        }

        @Override
        public int getPartition(Object position) {
            return ShardPlan.shardOfPosition((Integer) position, shards, images);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ShardPartitioner that && that.images == images
                    && that.shards == shards;
        }

        @Override
        public int hashCode() {
            return 31 * images + shards;
        }
    }
}
