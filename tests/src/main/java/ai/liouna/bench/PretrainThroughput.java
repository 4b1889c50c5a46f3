package ai.liouna.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ai.liouna.cluster.LoopbackCluster;
import ai.liouna.cluster.SyntheticShards;
import ai.liouna.config.Settings;
import ai.liouna.data.ImageBlock;
import ai.liouna.data.Manifest;
import ai.liouna.jobs.HadoopFiles;
import ai.liouna.jobs.Main;
import ai.liouna.jobs.PretrainJob;
import ai.liouna.jobs.ShardStore;
import ai.liouna.jobs.SparkSessions;
import ai.liouna.model.Backbone;
import ai.liouna.rule.LocalRule;
import ai.liouna.train.LocalTrainer;
import ai.liouna.train.StepMetrics;
import ai.liouna.train.TrainingSetup;
import ai.liouna.util.ComputeThreads;
import ai.liouna.util.Json;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pretraining throughput (images/s) of the same synthetic dataset and model, run by:
 * {@link LocalTrainer} in this process; the pretrain job on Spark's local mode with sync
 * {@code step} and {@code local}, at the same thread count; and the job on a
 * {@link LoopbackCluster} with one and with two single-core executors. Prints the Spark
 * overhead against {@link LocalTrainer} and, per Spark run, where a synchronisation's time
 * goes: task compute, task (de)serialisation, and the rest (broadcast, merge and apply on the
 * driver, scheduling, transfers), from Spark's task metrics.
 *
 * <p>Options, {@code key=value}: {@code images} (default 1024), {@code size} (16),
 * {@code epochs} (2), {@code threads} (2: Spark's local mode runs as many single-threaded
 * tasks over as many partitions), {@code trainerThreads} (ND4J threads of
 * {@link LocalTrainer}; 0, the default, takes {@code threads}), {@code warmup}
 * synchronisations left out of every
 * figure (2), {@code cluster} (true; false skips the loopback cluster); any other
 * {@code key=value} goes to every pretrain run after {@link #SMALL_RUN}, e.g.
 * {@code model.channels=[16,32]}.
 * On a shared machine the figures move with its load; compare runs of one invocation only.
 */
public final class PretrainThroughput {

    private static final Logger LOG = LoggerFactory.getLogger(PretrainThroughput.class);
    private static final long SEED = 7;
    /** A small model and batch, so that a run takes seconds; later arguments override them. */
    private static final List<String> SMALL_RUN = List.of("model.channels=[32,64]",
            "model.kernelSizes=[3,3]", "pretrain.batchSize=128", "pretrain.chunkSize=64",
            "pretrain.localSteps=4");

    private final Map<String, String> options;
    private final List<String> pretrainOverrides;
    private final Path folder;
    private final List<Result> results = new ArrayList<>();

    private PretrainThroughput(Map<String, String> options, List<String> pretrainOverrides,
                               Path folder) {
        this.options = options;
        this.pretrainOverrides = pretrainOverrides;
        this.folder = folder;
    }

    /** One run's throughput and its per-synchronisation time split (NaN where not measured). */
    private record Result(String name, double imagesPerSecond, StageTimes.Split split) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("images", "1024", "size", "16",
                "epochs", "2", "threads", "2", "trainerThreads", "0", "warmup", "2", "cluster",
                "true"));
        List<String> overrides = new ArrayList<>(SMALL_RUN);
        for (String arg : args) {
            String key = arg.substring(0, Math.max(0, arg.indexOf('=')));
            if (options.containsKey(key)) {
                options.put(key, arg.substring(key.length() + 1));
            } else if (!key.isEmpty()) {
                overrides.add(arg);
            } else {
                throw new IllegalArgumentException("'" + arg + "' is not key=value; options are "
                        + options.keySet() + ", any other key goes to pretrain");
            }
        }
        Path folder = Files.createTempDirectory("liouna-bench-");
        new PretrainThroughput(options, overrides, folder).run();
    }

    private void run() throws Exception {
        int threads = option("threads");
        Path shards = folder.resolve("shards");
        List<String> local = List.of("spark.master=\"local[" + threads + "]\"",
                "spark.conf.\"spark.ui.enabled\"=false",
                "spark.conf.\"spark.ui.showConsoleProgress\"=false");
        SparkSession spark = SparkSessions.create(Settings.defaults(local.toArray(String[]::new)));
        SyntheticShards.write(spark, shards, option("size"), option("images"), threads, SEED);
        int trainerThreads = option("trainerThreads");
        results.add(localTrainer(spark, shards, threads,
                trainerThreads > 0 ? trainerThreads : threads));
        for (String sync : List.of("step", "local")) {
            results.add(sparkRun(spark, "spark local[" + threads + "] sync=" + sync, shards,
                    local, sync, threads, threads));
        }
        spark.stop();
        if (Boolean.parseBoolean(options.get("cluster"))) {
            clusterRuns(shards);
        }
        print();
    }

    /**
     * The reference: the same {@code partitions}, trained one after another in this thread
     * with {@code threads} ND4J threads.
     */
    private Result localTrainer(SparkSession spark, Path shards, int partitions, int threads) {
        List<String> arguments = pretrainArguments(shards, folder.resolve("unused"), List.of(),
                "step", partitions, threads);
        Settings settings = Settings.defaults(arguments.subList(1, arguments.size())
                .toArray(String[]::new));
        ShardStore store = new ShardStore(spark, new HadoopFiles(
                spark.sparkContext().hadoopConfiguration()), shards.toString());
        Manifest manifest = store.manifest();
        List<ImageBlock> blocks = store.blocks(List.of("train"), partitions, SEED).collect();
        Backbone backbone = Backbone.create(TrainingSetup.modelSpec(settings, 3, option("size")));
        LocalRule rule = TrainingSetup.rule(settings);
        rule.prepare(backbone);
        ComputeThreads.configure(threads);
        LocalTrainer trainer = new LocalTrainer(rule, backbone, manifest.channelStats(),
                settings.getInt("pretrain.batchSize"), settings.getInt("pretrain.chunkSize"),
                SEED);
        List<StepMetrics> steps = new ArrayList<>();
        long globalStep = 0;
        for (int epoch = 0; epoch < option("epochs"); epoch++) {
            globalStep = trainer.trainEpoch(blocks, epoch, globalStep, steps::add);
        }
        return new Result("LocalTrainer, " + threads + " thread(s)",
                imagesPerSecond(steps, option("warmup")), StageTimes.Split.NONE);
    }

    private Result sparkRun(SparkSession spark, String name, Path shards, List<String> session,
                            String sync, int partitions, int slots) throws Exception {
        StageTimes times = new StageTimes();
        spark.sparkContext().addSparkListener(times);
        Path output = folder.resolve("run-" + results.size());
        LOG.info("benchmark: {}", name);
        int status = Main.run(pretrainArguments(shards, output, session, sync, partitions, 1)
                .toArray(String[]::new));
        spark.sparkContext().removeSparkListener(times);
        if (status != 0) {
            throw new IllegalStateException(name + ": pretrain exited with " + status);
        }
        int warmup = option("warmup");
        int stepsPerSync = sync.equals("local") ? Settings.defaults(pretrainOverrides
                .toArray(String[]::new)).getInt("pretrain.localSteps") : 1;
        List<StepMetrics> steps = metricsOf(output);
        List<StepMetrics> measured = steps.subList(Math.min(steps.size(), warmup * stepsPerSync),
                steps.size());
        double wallSeconds = measured.stream().mapToDouble(StepMetrics::seconds).sum();
        return new Result(name, imagesPerSecond(steps, warmup * stepsPerSync),
                times.split(warmup, slots, wallSeconds));
    }

    /**
     * One cluster of two single-core Workers; the application, with the data in two partitions,
     * takes one, then two of them.
     */
    private void clusterRuns(Path shards) throws Exception {
        try (LoopbackCluster cluster = LoopbackCluster.start(folder.resolve("cluster"), 2, 1,
                "1g")) {
            for (int executors = 1; executors <= 2; executors++) {
                List<String> session = cluster.launcherSettings(1, "1g", executors);
                SparkSession spark = SparkSessions.create(
                        Settings.defaults(session.toArray(String[]::new)));
                try {
                    awaitExecutors(spark, cluster, executors);
                    results.add(sparkRun(spark, "cluster, " + executors + " executor(s)"
                            + " sync=step", shards, session, "step", 2, executors));
                } finally {
                    spark.stop();
                }
            }
        }
    }

    private List<String> pretrainArguments(Path shards, Path output, List<String> session,
                                           String sync, int partitions, int threadsPerTask) {
        List<String> args = new ArrayList<>(List.of("pretrain", "data.shards=\"" + shards + "\"",
                "run.output=\"" + output + "\"", "run.seed=" + SEED,
                "pretrain.epochs=" + option("epochs"), "pretrain.sync=" + sync,
                "pretrain.partitions=" + partitions,
                "compute.threadsPerTask=" + threadsPerTask, "pretrain.checkpointEvery=0"));
        args.addAll(pretrainOverrides);
        args.addAll(session);
        return args;
    }

    private static void awaitExecutors(SparkSession spark, LoopbackCluster cluster, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (spark.sparkContext().statusTracker().getExecutorInfos().length - 1 < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(count + " executors did not register within"
                        + " 60 s\n" + cluster.logTails(20));
            }
            Thread.sleep(100);
        }
    }

    private static double imagesPerSecond(List<StepMetrics> steps, int skip) {
        List<StepMetrics> measured = steps.subList(Math.min(steps.size(), skip), steps.size());
        double images = measured.stream().mapToLong(StepMetrics::images).sum();
        double seconds = measured.stream().mapToDouble(StepMetrics::seconds).sum();
        return images / seconds;
    }

    private static List<StepMetrics> metricsOf(Path run) throws IOException {
        List<StepMetrics> steps = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("pretrain")
                .resolve(PretrainJob.METRICS_FILE))) {
            steps.add(Json.read(line, StepMetrics.class));
        }
        return steps;
    }

    private int option(String key) {
        return Integer.parseInt(options.get(key));
    }

    private void print() {
        double reference = results.get(0).imagesPerSecond();
        System.out.println();
        System.out.println("pretrain throughput, " + options + " " + pretrainOverrides
                + "; runs and metrics in " + folder);
        System.out.println(String.format(Locale.ROOT, "%-34s %9s %9s %10s %10s %10s %10s",
                "run", "images/s", "overhead", "sync ms", "compute", "tasks ser", "rest"));
        for (Result result : results) {
            StageTimes.Split split = result.split();
            System.out.println(String.format(Locale.ROOT,
                    "%-34s %9.1f %8.1f%% %10.1f %10.1f %10.1f %10.1f", result.name(),
                    result.imagesPerSecond(), 100 * (1 - result.imagesPerSecond() / reference),
                    split.wallMs(), split.computeMs(), split.serializationMs(), split.restMs()));
        }
        System.out.println("overhead: throughput lost against the first row. Per"
                + " synchronisation (one step, or one round of local steps): compute = task run"
                + " time / parallel slots, tasks ser = task (de)serialisation / slots, rest ="
                + " broadcast, merge and apply on the driver, scheduling and transfers.");
    }
}
