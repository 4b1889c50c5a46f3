package ai.liouna.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A finished tiny run, made once per test JVM with the real jobs on Spark's local mode:
 * shards of a two-class dataset, then pretrain, then probe. Tests that read what the jobs
 * write (the report, the notebooks' layout checks) share it; it is deleted when the JVM ends.
 */
final class TinyRun {

    private static Path root;

    private TinyRun() {
    }

    /** The run directory ({@code run.output}); its shards are at {@link #shards()}. */
    static synchronized Path output() throws Exception {
        if (root == null) {
            Path directory = Files.createTempDirectory("liouna-tiny-run");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
            make(directory);
            root = directory;
        }
        return root.resolve("run");
    }

    static Path shards() throws Exception {
        return output().getParent().resolve("shards");
    }

    private static void make(Path directory) throws Exception {
        Path shards = directory.resolve("shards");
        TestShards.write(SparkTestSession.get(), shards, 16, 96, 60, 3);
        String[] common = {"data.shards=" + shards, "run.output=" + directory.resolve("run"),
            "model.channels=[8,16]", "model.kernelSizes=[5,3]", "spark.master=\"local[2]\""};
        run("pretrain", common, "pretrain.epochs=2", "pretrain.batchSize=24",
                "pretrain.chunkSize=12", "pretrain.partitions=2");
        run("probe", common, "probe.epochs=8", "probe.patience=3", "probe.batchSize=32",
                "probe.learningRate=0.01", "probe.chunkSize=30");
    }

    private static void run(String command, String[] common, String... more) throws Exception {
        String[] args = Stream.of(new String[] {command}, common, more).flatMap(Stream::of)
                .toArray(String[]::new);
        if (Main.run(args) != 0) {
            throw new IllegalStateException(command + " of the tiny run failed");
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
