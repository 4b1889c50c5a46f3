package ai.liouna.jobs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import ai.liouna.config.Settings;
import ai.liouna.model.Backbone;
import ai.liouna.model.BlockDesign;
import ai.liouna.model.ModelSpec;
import ai.liouna.model.WeightInitScheme;
import ai.liouna.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long the probe takes at CIFAR-10 scale: 50,000 training and 10,000 test images of 32x32,
 * the 64-128-256 backbone, grid 4 (1024, 2048 and 4096 features), "trained" (the random init
 * with its weights negated) and random. The images are synthetic oriented gratings, one
 * orientation per class, under heavy noise, so that the probes need a number of epochs.
 * Minutes long, so it runs only when asked:
 * {@code mvn -pl spark-jobs -am test -Dtest=ProbeJobScaleTest -Dliouna.scaleTest=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "liouna.scaleTest", matches = "true")
class ProbeJobScaleTest {

    private static final Logger LOG = LoggerFactory.getLogger(ProbeJobScaleTest.class);
    private static final int SIZE = 32;

    @TempDir
    Path directory;

    /** A grating at the class's orientation, random frequency, phase and tint, plus noise. */
    private static byte[] grating(int label, Random random) {
        double angle = Math.PI * label / 10;
        double frequency = 0.3 + 0.4 * random.nextDouble();
        double phase = 2 * Math.PI * random.nextDouble();
        double dx = Math.cos(angle) * frequency;
        double dy = Math.sin(angle) * frequency;
        byte[] pixels = new byte[3 * SIZE * SIZE];
        for (int channel = 0; channel < 3; channel++) {
            double tint = 0.6 + 0.4 * random.nextDouble();
            for (int row = 0; row < SIZE; row++) {
                for (int column = 0; column < SIZE; column++) {
                    double wave = Math.sin(dx * column + dy * row + phase);
                    double value = 128 + 25 * tint * wave + 80 * random.nextGaussian();
                    pixels[(channel * SIZE + row) * SIZE + column] =
                            (byte) Math.max(0, Math.min(255, (int) value));
                }
            }
        }
        return pixels;
    }

    @Test
    void cifarSizedProbe() throws Exception {
        int trainImages = Integer.getInteger("liouna.scaleTest.trainImages", 50_000);
        int testImages = trainImages / 5;
        SparkSession spark = SparkSession.builder().master("local[2]").appName("probe-scale")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            String shards = directory.resolve("grating").toString();
            long start = System.nanoTime();
            TestDatasets.writeSplit(spark, shards, "train", trainImages, 10, SIZE,
                    ProbeJobScaleTest::grating, 1);
            TestDatasets.writeSplit(spark, shards, "test", testImages, 10, SIZE,
                    ProbeJobScaleTest::grating, 2);
            TestDatasets.writeManifest(shards, SIZE,
                    IntStream.range(0, 10).mapToObj(c -> "angle" + c).toList(),
                    Map.of("train", trainImages, "test", testImages));
            ModelSpec spec = new ModelSpec(BlockDesign.OURS, 3, SIZE, List.of(64, 128, 256),
                    List.of(5, 3, 3), WeightInitScheme.KAIMING, 25.0, 42L);
            Backbone pretendTrained = Backbone.create(spec);
            for (int block = 0; block < spec.depth(); block++) {
                pretendTrained.convolutionWeights(block).muli(-1);
            }
            TestDatasets.writeBackbone(directory.resolve("run/pretrain/backbone.zip"),
                    pretendTrained);
            LOG.info("synthetic dataset written in {} s", (System.nanoTime() - start) / 1e9);

            Settings settings = Settings.defaults("data.shards=\"" + shards + "\"",
                    "run.output=\"" + directory.resolve("run") + "\"");
            start = System.nanoTime();
            new ProbeJob().run(new JobContext("probe", settings, spark));
            LOG.info("probe job took {} s", (System.nanoTime() - start) / 1e9);

            JsonNode summary = Json.mapper().readTree(
                    directory.resolve("run/probe/summary.json").toFile());
            LOG.info("timings: {}", summary.get("timingsSeconds"));
            for (JsonNode block : summary.get("metrics").get("blocks")) {
                LOG.info("block {}: trained {} random {}", block.get("block"),
                        block.get("trained"), block.get("random"));
            }
            assertTrue(Files.exists(directory.resolve("run/probe/summary.json")));
        } finally {
            spark.stop();
        }
    }
}
