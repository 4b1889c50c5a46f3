package ai.liouna.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import ai.liouna.data.ImageBlock;
import ai.liouna.model.Backbone;
import ai.liouna.model.BackboneIO;
import ai.liouna.rule.LocalRule;
import ai.liouna.train.LocalTrainer;
import ai.liouna.train.TrainingSetup;
import ai.liouna.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

class PretrainJobTest {

    @TempDir
    static Path directory;
    static Path shards;
    static SparkSession spark;

    @BeforeAll
    static void writeShards() throws Exception {
        spark = SparkTestSession.get();
        shards = directory.resolve("shards");
        TestShards.write(spark, shards, 16, 96, 32, 3);
    }

    static String[] args(String output, String... extra) {
        List<String> args = new ArrayList<>(List.of("pretrain",
                "data.shards=" + shards, "run.output=" + output,
                "model.channels=[8,16]", "model.kernelSizes=[5,3]", "pretrain.epochs=2",
                "pretrain.batchSize=24", "pretrain.chunkSize=10", "pretrain.partitions=2",
                "spark.master=\"local[2]\""));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void writesBackboneMetricsAndSummary() throws Exception {
        Path output = directory.resolve("run-a");
        assertEquals(0, Main.run(args(output.toString())));

        Path run = output.resolve("pretrain");
        Backbone backbone;
        try (InputStream in = Files.newInputStream(run.resolve(PretrainJob.BACKBONE_FILE))) {
            backbone = BackboneIO.read(in);
        }
        assertEquals(List.of(8, 16), backbone.spec().channels());
        List<String> lines = Files.readAllLines(run.resolve(PretrainJob.METRICS_FILE));
        assertEquals(2 * (96 / 24), lines.size());
        JsonNode summary = Json.mapper().readTree(run.resolve("summary.json").toFile());
        assertEquals("pretrain", summary.get("command").asText());
        assertEquals(8, summary.get("metrics").get("steps").asInt());
        assertEquals("synthetic", summary.get("manifest").get("dataset").asText());
        assertEquals(0.5, summary.get("config").get("pretrain").get("learningRate").asDouble());
        assertTrue(summary.get("codeVersion").asText().length() > 0);
    }

    @Test
    void stepModeEqualsSingleProcessTrainingOnTheSamePartitions() throws Exception {
        Path output = directory.resolve("run-b");
        assertEquals(0, Main.run(args(output.toString())));
        Backbone distributed;
        try (InputStream in = Files.newInputStream(
                output.resolve("pretrain").resolve(PretrainJob.BACKBONE_FILE))) {
            distributed = BackboneIO.read(in);
        }

        Backbone reference = trainInOneProcess(Main.parseSettings(args(output.toString())));

        INDArray difference = Transforms.abs(distributed.network().params()
                .sub(reference.network().params()));
        assertTrue(difference.maxNumber().doubleValue() < 1e-5,
                "max weight difference " + difference.maxNumber());
    }

    @Test
    void softHebbPretrainsSoftHebbsOwnBlockLikeSingleProcessTraining() throws Exception {
        Path output = directory.resolve("run-softhebb");
        String[] args = args(output.toString(), "pretrain.algorithm=softhebb",
                "model.design=pnb", "model.init=softhebb", "pretrain.softhebb.learningRate=0.05",
                "pretrain.softhebb.temperature=[0.75,1.0]");
        assertEquals(0, Main.run(args));

        Path run = output.resolve("pretrain");
        List<String> lines = Files.readAllLines(run.resolve(PretrainJob.METRICS_FILE));
        assertEquals(2 * (96 / 24), lines.size());
        JsonNode last = Json.mapper().readTree(lines.get(lines.size() - 1));
        for (JsonNode norm : last.get("neuronNorm")) {
            assertTrue(norm.asDouble() < 24.0, "neuron norms " + last.get("neuronNorm"));
        }
        JsonNode summary = Json.mapper().readTree(run.resolve("summary.json").toFile());
        assertEquals("softhebb", summary.get("config").get("pretrain").get("algorithm").asText());

        Backbone distributed;
        try (InputStream in = Files.newInputStream(run.resolve(PretrainJob.BACKBONE_FILE))) {
            distributed = BackboneIO.read(in);
        }
        Backbone reference = trainInOneProcess(Main.parseSettings(args));
        INDArray difference = Transforms.abs(distributed.network().params()
                .sub(reference.network().params()));
        assertTrue(difference.maxNumber().doubleValue() < 1e-4,
                "max weight difference " + difference.maxNumber());
    }

    private static Backbone trainInOneProcess(Settings settings) {
        ShardStore store = new ShardStore(spark, new HadoopFiles(
                spark.sparkContext().hadoopConfiguration()), shards.toString());
        List<ImageBlock> partitions = store.blocks(List.of("train"), 2, 42).collect();
        Backbone reference = Backbone.create(TrainingSetup.modelSpec(settings, 3, 16));
        LocalRule rule = TrainingSetup.rule(settings);
        rule.prepare(reference);
        LocalTrainer trainer = new LocalTrainer(rule, reference,
                store.manifest().channelStats(), 24, 10, 42);
        long step = trainer.trainEpoch(partitions, 0, 0, metrics -> { });
        trainer.trainEpoch(partitions, 1, step, metrics -> { });
        return reference;
    }

    @Test
    void greedyPassesTrainOneBlockEachOnTopOfTheLast() throws Exception {
        Path first = directory.resolve("run-greedy-1");
        assertEquals(0, Main.run(args(first.toString(), "model.design=pnb", "pretrain.epochs=1",
                "pretrain.blocks=[1]")));
        Path firstBackbone = first.resolve("pretrain").resolve(PretrainJob.BACKBONE_FILE);
        Path second = directory.resolve("run-greedy-2");
        assertEquals(0, Main.run(args(second.toString(), "model.design=pnb", "pretrain.epochs=1",
                "pretrain.blocks=[2]", "pretrain.initialWeights=" + firstBackbone,
                "pretrain.sync=local", "pretrain.localSteps=2", "run.seed=7")));

        Backbone afterFirst = read(firstBackbone);
        Backbone afterSecond = read(second.resolve("pretrain").resolve(PretrainJob.BACKBONE_FILE));
        Backbone initial = Backbone.create(afterFirst.spec());
        assertArrayEquals(blockState(afterFirst, 0), blockState(afterSecond, 0));
        assertFalse(Arrays.equals(blockState(initial, 0), blockState(afterFirst, 0)));
        assertArrayEquals(blockState(initial, 1), blockState(afterFirst, 1));
        assertFalse(Arrays.equals(blockState(afterFirst, 1), blockState(afterSecond, 1)));

        JsonNode summary = Json.mapper().readTree(
                second.resolve("pretrain").resolve("summary.json").toFile());
        assertEquals("[2]", summary.get("metrics").get("trainedBlocks").toString());
        assertEquals(firstBackbone.toString(),
                summary.get("metrics").get("initialWeights").asText());
        assertTrue(summary.get("metrics").get("finalBlockLoss").get(0).isNull());
        List<String> lines = Files.readAllLines(
                second.resolve("pretrain").resolve(PretrainJob.METRICS_FILE));
        JsonNode loss = Json.mapper().readTree(lines.get(0)).get("blockLoss");
        assertTrue(loss.get(0).isNull() && loss.get(1).asDouble() > 0, loss.toString());

        SettingsException mismatch = assertThrows(SettingsException.class,
                () -> Main.run(args(directory.resolve("run-greedy-bad").toString(),
                        "model.design=pnb", "model.channels=[8,32]",
                        "pretrain.initialWeights=" + firstBackbone)));
        assertTrue(mismatch.getMessage().contains("channels=[8, 16]")
                && mismatch.getMessage().contains("channels=[8, 32]"), mismatch.getMessage());
    }

    /** A block's convolution weights and BatchNorm running statistics, in one array. */
    private static float[] blockState(Backbone backbone, int block) {
        float[] weights = backbone.convolutionWeights(block).dup().data().asFloat();
        float[] mean = backbone.batchNormMean(block).dup().data().asFloat();
        float[] variance = backbone.batchNormVariance(block).dup().data().asFloat();
        float[] state = Arrays.copyOf(weights, weights.length + mean.length + variance.length);
        System.arraycopy(mean, 0, state, weights.length, mean.length);
        System.arraycopy(variance, 0, state, weights.length + mean.length, variance.length);
        return state;
    }

    private static Backbone read(Path path) throws Exception {
        try (InputStream in = Files.newInputStream(path)) {
            return BackboneIO.read(in);
        }
    }

    @Test
    void blockNumbersOutsideTheDepthFailBeforeAnyWork() {
        SettingsException error = assertThrows(SettingsException.class,
                () -> Main.run(args(directory.resolve("run-blocks-bad").toString(),
                        "pretrain.blocks=[3]")));
        assertTrue(error.getMessage().contains("names block 3"), error.getMessage());
        assertTrue(!Files.exists(directory.resolve("run-blocks-bad")));
    }

    @Test
    void softHebbTemperaturesMustMatchTheDepth() {
        SettingsException error = assertThrows(SettingsException.class,
                () -> Main.run(args(directory.resolve("run-softhebb-bad").toString(),
                        "pretrain.algorithm=softhebb", "pretrain.softhebb.temperature=[1,1,1]")));
        assertTrue(error.getMessage().contains("one per block"), error.getMessage());
    }

    @Test
    void misspelledKeyFailsBeforeAnyWork() {
        SettingsException error = assertThrows(SettingsException.class,
                () -> Main.run(args(directory.resolve("run-c").toString(),
                        "pretrain.learnigRate=0.1")));
        assertTrue(error.getMessage().contains("pretrain.learningRate"), error.getMessage());
        assertTrue(!Files.exists(directory.resolve("run-c")));
    }

    @Test
    void refusesToOverwriteAFinishedRun() throws Exception {
        Path output = directory.resolve("run-d");
        assertEquals(0, Main.run(args(output.toString(), "pretrain.epochs=1")));
        SettingsException error = assertThrows(SettingsException.class,
                () -> Main.run(args(output.toString(), "pretrain.epochs=1")));
        assertTrue(error.getMessage().contains("run.overwrite=true"), error.getMessage());
        assertEquals(0, Main.run(args(output.toString(), "pretrain.epochs=1",
                "run.overwrite=true")));
    }
}
