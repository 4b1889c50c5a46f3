package ai.liouna.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ai.liouna.cluster.LoopbackCluster;
import ai.liouna.cluster.SyntheticShards;
import ai.liouna.config.Settings;
import ai.liouna.jobs.Main;
import ai.liouna.jobs.PretrainJob;
import ai.liouna.jobs.SparkSessions;
import ai.liouna.model.Backbone;
import ai.liouna.model.BackboneIO;
import ai.liouna.train.StepMetrics;
import ai.liouna.util.Json;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pretraining on a real Spark standalone cluster (a Master and two Workers, each its own JVM, on
 * the loopback interface) with this JVM as the driver. One executor JVM is killed mid-run, with
 * a cached partition of the training data in it: the run must finish, Spark must rebuild the
 * lost partition from the shards elsewhere, and the weights must equal, bit for bit, those of
 * an undisturbed run on Spark's local mode over the same partitions (the logged losses, up to
 * float rounding). The step-synchronous protocol draws every random choice from (seed, step,
 * partition), sorts each partition's images by id and merges partition sums in partition order,
 * so where a task ran, or how often it ran, must not show in the result.
 */
class StandaloneClusterPretrainTest {

    private static final int STEPS_PER_EPOCH = 128 / 16;
    private static final int EPOCHS = 2;
    /**
     * Relative. The logged losses are ND4J norm reductions, whose summation order is not the
     * same in every process; they feed no update, so the weights stay bit-equal.
     */
    private static final double LOSS_TOLERANCE = 1e-4;

    /** Kept when the test fails: the daemons' and executors' logs are inside. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path folder;

    private static LoopbackCluster cluster;
    private static SparkSession spark;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = LoopbackCluster.start(folder.resolve("cluster"), 2, 1, "1g");
    }

    @AfterAll
    static void stopClusterAndSession() {
        if (spark != null) {
            spark.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aRunThatLosesAnExecutorEndsWithTheWeightsOfALocalRun() throws Exception {
        Path shards = folder.resolve("shards");
        List<String> local = List.of("spark.master=\"local[2]\"",
                "spark.conf.\"spark.ui.enabled\"=false",
                "spark.conf.\"spark.ui.showConsoleProgress\"=false");
        spark = SparkSessions.create(Settings.defaults(local.toArray(String[]::new)));
        SyntheticShards.write(spark, shards, 16, 128, 4, 11);
        Path localRun = folder.resolve("local");
        assertEquals(0, Main.run(pretrain(shards, localRun, local)));
        spark.stop();

        List<String> standalone = clusterSession();
        spark = SparkSessions.create(Settings.defaults(standalone.toArray(String[]::new)));
        ExecutorLoss loss = new ExecutorLoss(cluster, 3);
        spark.sparkContext().addSparkListener(loss);
        awaitExecutors(2);
        CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
            try {
                loss.killWhenDue(60);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Path clusterRun = folder.resolve("cluster-run");
        assertEquals(0, Main.run(pretrain(shards, clusterRun, standalone)));
        killer.get(10, TimeUnit.SECONDS);

        assertExecutorLostMidRun(loss);
        assertEquals(metricsOf(localRun).size(), EPOCHS * STEPS_PER_EPOCH);
        assertSameSteps(metricsOf(localRun), metricsOf(clusterRun));
        assertSameWeights(backboneOf(localRun), backboneOf(clusterRun));
    }

    /** The driver saw the kill before the run ended, and the lost partitions were rebuilt. */
    private static void assertExecutorLostMidRun(ExecutorLoss loss) {
        assertNotNull(loss.victim(), "no executor was killed");
        Integer removedAt = loss.removedAtStep().get(loss.victim());
        assertNotNull(removedAt, "the driver never saw executor " + loss.victim() + " go");
        assertTrue(removedAt < EPOCHS * STEPS_PER_EPOCH, "executor " + loss.victim()
                + " was removed only after the last step (" + removedAt + ")");
        assertFalse(loss.lostPartitions().isEmpty());
        assertEquals(loss.lostPartitions(), loss.recachedAfterKill(), "partitions cached on the"
                + " killed executor were not rebuilt on another one");
    }

    /**
     * Per step: the same batch size, so the same images, and the same loss of every block up to
     * float rounding.
     */
    private static void assertSameSteps(List<StepMetrics> expected, List<StepMetrics> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).images(), actual.get(i).images(), "step " + i);
            double[] expectedLoss = expected.get(i).blockLoss();
            double[] actualLoss = actual.get(i).blockLoss();
            assertEquals(expectedLoss.length, actualLoss.length);
            for (int block = 0; block < expectedLoss.length; block++) {
                assertEquals(expectedLoss[block], actualLoss[block],
                        LOSS_TOLERANCE * Math.abs(expectedLoss[block]),
                        "loss of block " + block + " at global step " + i);
            }
        }
    }

    /** Bit for bit the local run's weights, which training moved from their initial values. */
    private static void assertSameWeights(Backbone expected, Backbone actual) {
        float[] initial = parameters(Backbone.create(expected.spec()));
        float[] local = parameters(expected);
        double trained = 0;
        for (int i = 0; i < local.length; i++) {
            trained = Math.max(trained, Math.abs(local[i] - initial[i]));
        }
        assertTrue(trained > 0, "training did not change the weights");
        assertArrayEquals(local, parameters(actual), "weights of the cluster run");
    }

    private static float[] parameters(Backbone backbone) {
        return backbone.network().params().data().asFloat();
    }

    private List<String> clusterSession() {
        return cluster.launcherSettings(1, "640m", 2);
    }

    private static String[] pretrain(Path shards, Path output, List<String> session) {
        List<String> args = new ArrayList<>(List.of("pretrain", "data.shards=\"" + shards + "\"",
                "run.output=\"" + output + "\"", "model.channels=[8,16]",
                "model.kernelSizes=[3,3]", "pretrain.epochs=" + EPOCHS,
                "pretrain.batchSize=16", "pretrain.chunkSize=8", "pretrain.partitions=2",
                "compute.threadsPerTask=1"));
        args.addAll(session);
        return args.toArray(String[]::new);
    }

    /** Waits until {@code executors} executors (besides the driver) have registered. */
    private static void awaitExecutors(int executors) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (registeredExecutors() < executors) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + registeredExecutors() + " of "
                        + executors + " executors registered within 60 s\n"
                        + cluster.logTails(20));
            }
            Thread.sleep(100);
        }
    }

    private static int registeredExecutors() {
        return spark.sparkContext().statusTracker().getExecutorInfos().length - 1;
    }

    private static List<StepMetrics> metricsOf(Path run) throws Exception {
        List<StepMetrics> steps = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("pretrain")
                .resolve(PretrainJob.METRICS_FILE))) {
            steps.add(Json.read(line, StepMetrics.class));
        }
        return steps;
    }

    private static Backbone backboneOf(Path run) throws Exception {
        try (InputStream in = Files.newInputStream(run.resolve("pretrain")
                .resolve(PretrainJob.BACKBONE_FILE))) {
            return BackboneIO.read(in);
        }
    }
}
