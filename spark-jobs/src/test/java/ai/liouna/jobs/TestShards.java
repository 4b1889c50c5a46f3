package ai.liouna.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.liouna.data.Manifest;
import ai.liouna.util.Json;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Writes small datasets in the shard layout ingest produces, for job tests that should not
 * depend on ingest: two classes, bright-top images and bright-bottom images, with noise.
 */
final class TestShards {

    private TestShards() {
    }

    static Manifest write(SparkSession spark, Path root, int size, int trainImages,
                          int testImages, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Manifest.SplitSummary> splits = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            int count = split.equals("train") ? trainImages : testImages;
            List<Row> rows = new ArrayList<>();
            for (int id = 0; id < count; id++) {
                int label = id % 2;
                rows.add(RowFactory.create((long) id, split, label, null, size, size, 3,
                        image(random, size, label), split + "/" + id + ".png"));
            }
            spark.createDataFrame(rows, ShardSchema.SCHEMA).repartition(2)
                    .write().parquet(root.resolve(split).toString());
            splits.put(split, new Manifest.SplitSummary(count,
                    Map.of("top", (long) (count + 1) / 2, "bottom", (long) count / 2), 0, true));
        }
        Manifest manifest = new Manifest("two-bars", "test", 3, size, size,
                List.of("top", "bottom"), splits, new double[] {0.5, 0.5, 0.5},
                new double[] {0.3, 0.3, 0.3}, 2, 64, Map.of(), List.of(), "", "test", "now");
        Files.writeString(root.resolve(Manifest.FILE_NAME), Json.write(manifest));
        return manifest;
    }

    private static byte[] image(SplittableRandom random, int size, int label) {
        byte[] pixels = new byte[3 * size * size];
        for (int channel = 0; channel < 3; channel++) {
            for (int row = 0; row < size; row++) {
                boolean bright = label == 0 ? row < size / 2 : row >= size / 2;
                for (int column = 0; column < size; column++) {
                    int value = (bright ? 200 : 40) + random.nextInt(-30, 31);
                    pixels[(channel * size + row) * size + column] = (byte) value;
                }
            }
        }
        return pixels;
    }
}
