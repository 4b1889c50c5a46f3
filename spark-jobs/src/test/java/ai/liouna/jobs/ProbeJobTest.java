package ai.liouna.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import ai.liouna.model.Backbone;
import ai.liouna.model.BlockDesign;
import ai.liouna.model.ModelSpec;
import ai.liouna.model.WeightInitScheme;
import ai.liouna.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the probe job on Spark's local mode over a tiny dataset of horizontal and vertical
 * stripes, with the shards, manifest and backbone written here the way ingest and pretrain
 * write them.
 */
class ProbeJobTest {

    private static final int SIZE = 16;
    private static SparkSession spark;

    @TempDir
    static java.nio.file.Path directory;

    @BeforeAll
    static void startSpark() {
        spark = SparkSession.builder().master("local[2]").appName("probe-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** A 3-channel image of stripes two pixels wide, at a random phase, with pixel noise. */
    private static byte[] stripes(boolean horizontal, Random random) {
        byte[] pixels = new byte[3 * SIZE * SIZE];
        int phase = random.nextInt(4);
        for (int channel = 0; channel < 3; channel++) {
            for (int row = 0; row < SIZE; row++) {
                for (int column = 0; column < SIZE; column++) {
                    int position = horizontal ? row : column;
                    int value = ((position + phase) / 2) % 2 == 0 ? 200 : 50;
                    value += random.nextInt(41) - 20;
                    pixels[(channel * SIZE + row) * SIZE + column] = (byte) value;
                }
            }
        }
        return pixels;
    }

    private static void writeDataset(String root, int train, int test) throws IOException {
        TestDatasets.writeSplit(spark, root, "train", train, 2, SIZE,
                (label, random) -> stripes(label == 1, random), 1);
        TestDatasets.writeSplit(spark, root, "test", test, 2, SIZE,
                (label, random) -> stripes(label == 1, random), 2);
        TestDatasets.writeManifest(root, SIZE, List.of("horizontal", "vertical"),
                Map.of("train", train, "test", test));
    }

    /** A backbone whose first block differs from the random init of the same spec. */
    private static Backbone pretendPretrained() {
        ModelSpec spec = new ModelSpec(BlockDesign.OURS, 3, SIZE, List.of(8, 16), List.of(3, 3),
                WeightInitScheme.KAIMING, 25.0, 5L);
        Backbone backbone = Backbone.create(spec);
        backbone.convolutionWeights(0).muli(-1.5);
        return backbone;
    }

    private static Settings settings(String shards, String output, String... more) {
        List<String> overrides = new ArrayList<>(List.of("data.shards=\"" + shards + "\"",
                "run.output=\"" + output + "\"", "probe.epochs=15", "probe.patience=5",
                "probe.batchSize=32", "probe.learningRate=0.01", "probe.chunkSize=50"));
        overrides.addAll(List.of(more));
        return Settings.defaults(overrides.toArray(String[]::new));
    }

    @Test
    void probesEveryBlockOfTrainedAndRandomBackbones() throws Exception {
        String shards = directory.resolve("stripes").toString();
        String output = directory.resolve("run").toString();
        writeDataset(shards, 240, 100);
        TestDatasets.writeBackbone(directory.resolve("run/pretrain/backbone.zip"),
                pretendPretrained());

        new ProbeJob().run(new JobContext("probe", settings(shards, output), spark));

        java.nio.file.Path summaryFile = directory.resolve("run/probe/summary.json");
        assertTrue(Files.exists(summaryFile), "summary.json was not written");
        JsonNode metrics = Json.mapper().readTree(summaryFile.toFile()).get("metrics");
        assertEquals(240, metrics.get("trainImages").asInt());
        assertEquals(100, metrics.get("testImages").asInt());
        JsonNode blocks = metrics.get("blocks");
        assertEquals(2, blocks.size());
        for (int block = 0; block < 2; block++) {
            JsonNode entry = blocks.get(block);
            assertEquals(block + 1, entry.get("block").asInt());
            for (String variant : List.of("trained", "random")) {
                double top1 = entry.get(variant).get("test_top1").asDouble();
                assertTrue(top1 > 0.9, variant + " block " + (block + 1) + " test top-1 "
                        + top1 + " on a separable task");
                assertTrue(entry.get(variant).has("val_top1"), entry.toString());
            }
        }
        assertEquals(8 * 16, blocks.get(0).get("features").asInt());
        assertEquals(16 * 16, blocks.get(1).get("features").asInt());
    }

    @Test
    void missingBackboneNamesPretrainAndTheWeightsKey() throws Exception {
        String shards = directory.resolve("tiny").toString();
        writeDataset(shards, 8, 4);
        String output = directory.resolve("no-pretrain").toString();

        SettingsException error = assertThrows(SettingsException.class, () -> new ProbeJob()
                .run(new JobContext("probe", settings(shards, output), spark)));

        assertTrue(error.getMessage().contains("pretrain"), error.getMessage());
        assertTrue(error.getMessage().contains("probe.weights"), error.getMessage());
    }

    @Test
    void probeIsALauncherCommand() {
        assertTrue(Main.commands().containsKey("probe"));
    }
}
