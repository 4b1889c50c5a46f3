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
import java.util.List;
import java.util.stream.Stream;

import ai.liouna.model.Backbone;
import ai.liouna.model.BackboneIO;
import ai.liouna.model.NeuronNorms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retried tasks, crashed and resumed runs, and runs that diverge. */
class FaultToleranceTest {

    @TempDir
    static Path directory;
    static Path shards;

    @BeforeAll
    static void writeShards() throws Exception {
        shards = directory.resolve("shards");
        TestShards.write(SparkTestSession.get(), shards, 16, 72, 8, 5);
    }

    static String[] args(Path output, String... extra) {
        List<String> args = new ArrayList<>(List.of("pretrain", "data.shards=" + shards,
                "run.output=" + output, "model.channels=[6,12]", "model.kernelSizes=[3,3]",
                "pretrain.epochs=2", "pretrain.batchSize=12", "pretrain.chunkSize=8",
                "pretrain.partitions=2"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    static float[] weights(Path output) throws Exception {
        try (InputStream in = Files.newInputStream(
                output.resolve("pretrain").resolve(PretrainJob.BACKBONE_FILE))) {
            return BackboneIO.read(in).network().params().data().asFloat();
        }
    }

    @Test
    void aTaskThatFailsOnceIsRetriedWithTheSameResult() throws Exception {
        Path clean = directory.resolve("clean");
        Path retried = directory.resolve("retried");
        Main.run(args(clean));
        Main.run(args(retried, "faults.failTaskAtStep=3", "faults.failTaskPartition=1"));
        assertArrayEquals(weights(clean), weights(retried));
    }

    @Test
    void aCrashedRunResumesFromItsLastCheckpointToTheSameWeights() throws Exception {
        Path uninterrupted = directory.resolve("uninterrupted");
        Main.run(args(uninterrupted, "pretrain.checkpointEvery=4"));

        Path crashed = directory.resolve("crashed");
        assertThrows(FaultPlan.InjectedCrash.class, () -> Main.run(args(crashed,
                "pretrain.checkpointEvery=4", "faults.crashAfterStep=6")));
        assertFalse(Files.exists(crashed.resolve("pretrain").resolve("summary.json")));
        Main.run(args(crashed, "pretrain.checkpointEvery=4", "pretrain.resume=true"));

        assertArrayEquals(weights(uninterrupted), weights(crashed));
        List<String> metrics = Files.readAllLines(
                crashed.resolve("pretrain").resolve(PretrainJob.METRICS_FILE));
        assertEquals(2 * (72 / 12), metrics.size());
    }

    @Test
    void checkpointsAreWrittenEveryNStepsAndOldOnesPruned() throws Exception {
        Path output = directory.resolve("checkpointed");
        Main.run(args(output, "pretrain.checkpointEvery=3", "pretrain.checkpointKeep=2"));
        try (Stream<Path> listing = Files.list(output.resolve("pretrain/checkpoints"))) {
            List<String> names = listing.map(path -> path.getFileName().toString()).sorted()
                    .toList();
            assertEquals(List.of("step-000000009", "step-000000012"), names);
        }
        assertTrue(Files.exists(output.resolve(
                "pretrain/checkpoints/step-000000012/" + CheckpointStore.STATE_FILE)));
    }

    @Test
    void divergingWeightsStopTheRunNamingBlockAndStep() {
        Path output = directory.resolve("diverged");
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Main.run(args(output, "pretrain.learningRate=1e300",
                        "pretrain.neuronNorm=1e300", "pretrain.checkpointEvery=1")));
        assertTrue(error.getMessage().contains("block 1"), error.getMessage());
        assertTrue(error.getMessage().contains("global step 0"), error.getMessage());
        assertFalse(Files.exists(output.resolve("pretrain/checkpoints/step-000000001")));
    }

    @Test
    void localSyncAveragesAndKeepsNeuronsOnTheConstraint() throws Exception {
        Path output = directory.resolve("local-sync");
        Main.run(args(output, "pretrain.sync=local", "pretrain.localSteps=4"));
        Backbone backbone;
        try (InputStream in = Files.newInputStream(
                output.resolve("pretrain").resolve(PretrainJob.BACKBONE_FILE))) {
            backbone = BackboneIO.read(in);
        }
        for (int block = 0; block < backbone.depth(); block++) {
            assertEquals(Math.sqrt(2), NeuronNorms.of(backbone.convolutionWeights(block))
                    .minNumber().doubleValue(), 1e-5);
        }
        assertEquals(12, Files.readAllLines(
                output.resolve("pretrain").resolve(PretrainJob.METRICS_FILE)).size());
    }

    @Test
    void localSyncWithOnePartitionAndOneStepEqualsStepSync() throws Exception {
        Path step = directory.resolve("one-partition-step");
        Path local = directory.resolve("one-partition-local");
        Main.run(args(step, "pretrain.partitions=1"));
        Main.run(args(local, "pretrain.partitions=1", "pretrain.sync=local",
                "pretrain.localSteps=1"));
        float[] expected = weights(step);
        float[] actual = weights(local);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5);
        }
    }
}
