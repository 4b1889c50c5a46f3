package ai.liouna.jobs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.spark.sql.SparkSession;

/**
 * A small two-class dataset in the shard layout, for pretraining tests: bright-top and
 * bright-bottom images with noise.
 */
final class TestShards {

    private TestShards() {
    }

    static void write(SparkSession spark, Path root, int size, int trainImages, int testImages,
                      long seed) throws IOException {
        TestDatasets.writeSplit(spark, root.toString(), "train", trainImages, 2, size,
                (label, random) -> bars(random, size, label), seed);
        TestDatasets.writeSplit(spark, root.toString(), "test", testImages, 2, size,
                (label, random) -> bars(random, size, label), seed + 1);
        TestDatasets.writeManifest(root.toString(), size, List.of("top", "bottom"),
                Map.of("train", trainImages, "test", testImages));
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
