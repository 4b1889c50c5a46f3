package ai.liouna.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU placement through Spark's real resource scheduling, with fake GPUs: a local cluster's
 * worker runs submit/gpu-discovery.sh with LIOUNA_GPU_ADDRESSES set, the executor gets its
 * share, and every task must see one of those addresses and choose the matching device.
 * Spark's plain local mode cannot do this (it offers tasks no GPUs, so a task asking for one
 * never starts), hence the cluster; it runs in a JVM of its own because a JVM holds one
 * SparkContext and the other tests share theirs.
 */
class GpuSchedulingTest {

    private static final Set<String> FAKE_GPUS = Set.of("3", "5");
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    @Test
    void tasksRunOnTheGpuSparkAssignedThem() throws Exception {
        Path script = fakeDiscoveryScript();

        List<String[]> tasks = runProbe(script);

        assertEquals(GpuClusterProbe.TASKS, tasks.size());
        for (String[] task : tasks) {
            String address = task[1];
            assertTrue(FAKE_GPUS.contains(address), "task " + task[0] + " was given '"
                    + address + "', not one GPU of " + FAKE_GPUS);
            assertEquals(Integer.parseInt(address), Integer.parseInt(task[2]),
                    "device chosen for GPU " + address);
            // This machine's ND4J is the CPU build: the same code leaves placement alone.
            assertEquals("CPU", task[3]);
            assertEquals(-1, Integer.parseInt(task[4]));
        }
    }

    /** The shipped discovery script, made to report FAKE_GPUS. */
    private Path fakeDiscoveryScript() throws Exception {
        Path script = temp.resolve("fake-gpus.sh");
        Files.writeString(script, "#!/usr/bin/env bash\nLIOUNA_GPU_ADDRESSES="
                + String.join(",", FAKE_GPUS.stream().sorted().toList()) + " exec "
                + PROJECT.resolve("submit/gpu-discovery.sh") + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private List<String[]> runProbe(Path script) throws Exception {
        // The worker builds the executor's command from SPARK_HOME, which needs only these.
        Path sparkHome = Files.createDirectories(temp.resolve("spark-home"));
        Files.createDirectories(sparkHome.resolve("jars"));
        Files.writeString(sparkHome.resolve("RELEASE"), "Spark from the test classpath\n");
        String opens = String.join(" ", JvmFlags.opens());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(JvmFlags.opens());
        command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"),
                GpuClusterProbe.class.getName(), script.toString(),
                String.valueOf(FAKE_GPUS.size()),
                opens + " -Dorg.bytedeco.javacpp.maxbytes=1G"));
        File log = temp.resolve("probe.log").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log)
                .directory(temp.toFile());
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.12");
        Process process = builder.start();
        List<String[]> tasks = new ArrayList<>();
        String output = new String(process.getInputStream().readAllBytes());
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.destroyForcibly();
        }
        assertTrue(finished && process.exitValue() == 0, "the local cluster failed; its log:\n"
                + tail(log.toPath()));
        output.lines().filter(line -> line.startsWith(GpuClusterProbe.PREFIX))
                .forEach(line -> tasks.add(line.substring(GpuClusterProbe.PREFIX.length())
                        .split(" ")));
        return tasks;
    }

    private static String tail(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
