package ai.liouna.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.liouna.data.Manifest;
import ai.liouna.jobs.ShardSchema;
import ai.liouna.util.Json;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * A generated dataset in the layout ingest writes (Parquet shards of {@link ShardSchema} and a
 * manifest), for tests and benchmarks that pretrain on more than a handful of images: a train
 * split of 3-channel square images in two classes, bright top half or bright bottom half, with
 * pixel noise. The same seed gives the same images.
 */
public final class SyntheticShards {

    private static final List<String> CLASSES = List.of("top", "bottom");

    private SyntheticShards() {
    }

    /** Writes {@code images} train images of {@code size} x {@code size} in {@code files} files. */
    public static void write(SparkSession spark, Path root, int size, int images, int files,
                             long seed) throws IOException {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>(images);
        for (int id = 0; id < images; id++) {
            int label = id % CLASSES.size();
            rows.add(RowFactory.create((long) id, "train", label, null, size, size, 3,
                    bars(random, size, label), "synthetic#" + id));
        }
        spark.createDataFrame(rows, ShardSchema.SCHEMA).repartition(files).write()
                .parquet(root.resolve("train").toString());
        Manifest manifest = new Manifest("synthetic", "generated", 3, size, size, CLASSES,
                Map.of("train", new Manifest.SplitSummary(images, Map.of(), 0, true)),
                new double[] {0.5, 0.5, 0.5}, new double[] {0.3, 0.3, 0.3}, files, 1024,
                Map.of(), List.of(), "", "generated", "2024-01-01T00:00:00Z");
        Files.writeString(root.resolve(Manifest.FILE_NAME), Json.write(manifest));
    }

    private static byte[] bars(Random random, int size, int label) {
        byte[] pixels = new byte[3 * size * size];
        for (int channel = 0; channel < 3; channel++) {
            for (int row = 0; row < size; row++) {
                boolean bright = label == 0 ? row < size / 2 : row >= size / 2;
                for (int column = 0; column < size; column++) {
                    int value = (bright ? 200 : 40) + random.nextInt(61) - 30;
                    pixels[(channel * size + row) * size + column] = (byte) value;
                }
            }
        }
        return pixels;
    }
}
