package ai.liouna.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import ai.liouna.cluster.LoopbackCluster;
import ai.liouna.jobs.Main;

/**
 * Peak memory of an ingest: runs {@code ingest} with the given {@code key=value} settings on a
 * loopback standalone cluster (one Worker, one executor of two cores), driver in this JVM, and
 * prints the peak resident set size of the driver and of the executor JVM. Run it on inputs of
 * different sizes: an ingest that streams its records has peaks that do not grow with the file.
 *
 * <p>Options before the ingest settings: {@code executorMemory=1g} (the executor's heap).
 */
public final class IngestMemory {

    private static final String EXECUTOR_MEMORY = "executorMemory=";

    private IngestMemory() {
    }

    public static void main(String[] args) throws Exception {
        String executorMemory = "1g";
        List<String> ingest = new ArrayList<>(List.of("ingest"));
        for (String arg : args) {
            if (arg.startsWith(EXECUTOR_MEMORY)) {
                executorMemory = arg.substring(EXECUTOR_MEMORY.length());
            } else {
                ingest.add(arg);
            }
        }
        Path folder = Files.createTempDirectory("liouna-ingest-memory-");
        try (LoopbackCluster cluster = LoopbackCluster.start(folder.resolve("cluster"), 1, 2,
                "4g")) {
            ingest.addAll(cluster.launcherSettings(2, executorMemory, 2));
            AtomicLong executorPeak = new AtomicLong(-1);
            AtomicBoolean finished = new AtomicBoolean();
            // An executor's peak is read while it lives; it exits with the application.
            Thread sampler = new Thread(() -> {
                while (!finished.get()) {
                    cluster.executors().forEach(executor ->
                            executorPeak.accumulateAndGet(peakKb(executor.pid()), Math::max));
                    pause();
                }
            }, "executor-memory-sampler");
            sampler.start();
            int status = Main.run(ingest.toArray(String[]::new));
            finished.set(true);
            sampler.join();
            if (status != 0) {
                throw new IllegalStateException("ingest exited with " + status);
            }
            System.out.printf(Locale.ROOT, "peak resident memory: driver %d MiB, executor %d MiB"
                    + " (executor heap %s)%n", peakKb(ProcessHandle.current().pid()) / 1024,
                    executorPeak.get() / 1024, executorMemory);
        }
    }

    /** VmHWM of a Linux process, in KiB; -1 once it has exited. */
    private static long peakKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid),
                    "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException exited) {
            // The process ended between listing and reading.
        }
        return -1;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
