package ai.liouna.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Spark standalone cluster on the loopback interface: one Master and a few Workers, each
 * its own JVM started from the Spark jars on this JVM's classpath, which the Workers' executors
 * get too (so they load this project's classes without a jar to ship). For integration tests
 * and benchmarks that need executors in other processes: lost executors, real serialization,
 * real network transfers.
 *
 * <p>Everything it starts is stopped by {@link #close()} and, should the JVM end first, by a
 * shutdown hook. The Workers find a {@code SPARK_HOME} with an empty {@code jars/} folder under
 * the work directory: Spark's launcher insists on one, and the jars come from the classpath.
 */
public final class LoopbackCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackCluster.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final String EXECUTOR_CLASS = "CoarseGrainedExecutorBackend";
    private static final int TAIL_LINES = 20;
    private static final int MASTER_ATTEMPTS = 3;

    private final Path workDirectory;
    private final int masterPort;
    private final int masterUiPort;
    private final String classpath;
    private final List<Process> processes = new ArrayList<>();
    private final List<Process> workers = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::destroyAll, "loopback-cluster-stop");

    private LoopbackCluster(Path workDirectory, int masterPort, int masterUiPort,
                            String classpath) {
        this.workDirectory = workDirectory;
        this.masterPort = masterPort;
        this.masterUiPort = masterUiPort;
        this.classpath = classpath;
    }

    /**
     * Starts a Master and {@code workers} Workers of {@code coresPerWorker} cores and
     * {@code memoryPerWorker} (Spark's notation, e.g. {@code "1g"}) each, and returns once all
     * Workers have registered with the Master.
     */
    public static LoopbackCluster start(Path workDirectory, int workers, int coresPerWorker,
                                        String memoryPerWorker) throws IOException {
        Files.createDirectories(workDirectory.resolve("spark-home").resolve("jars"));
        LoopbackCluster cluster = startMasterOnFreePorts(workDirectory);
        try {
            for (int worker = 0; worker < workers; worker++) {
                cluster.startWorker(worker, coresPerWorker, memoryPerWorker);
            }
            cluster.awaitWorkers(workers);
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        LOG.info("loopback cluster up at {}: {} workers of {} cores and {}", cluster.masterUrl(),
                workers, coresPerWorker, memoryPerWorker);
        return cluster;
    }

    /**
     * A cluster whose Master is up. A free port can be taken by another process between being
     * chosen and being bound; the Master is told not to fall back to the next port (its
     * Workers would look for it on the chosen one) but to exit, and is started again on other
     * ports.
     */
    private static LoopbackCluster startMasterOnFreePorts(Path workDirectory) throws IOException {
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < MASTER_ATTEMPTS; attempt++) {
            LoopbackCluster cluster = new LoopbackCluster(workDirectory, freePort(), freePort(),
                    testClasspath());
            Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
            try {
                cluster.startMaster();
                cluster.awaitMaster();
                return cluster;
            } catch (IllegalStateException e) {
                cluster.close();
                failure = e;
                LOG.warn("loopback master did not start on ports {} and {}; trying others",
                        cluster.masterPort, cluster.masterUiPort);
            } catch (IOException | RuntimeException e) {
                cluster.close();
                throw e;
            }
        }
        throw failure;
    }

    /** {@code spark://127.0.0.1:PORT}, the value of {@code spark.master} for applications. */
    public String masterUrl() {
        return "spark://" + LOOPBACK + ":" + masterPort;
    }

    /**
     * The Spark properties an application of this JVM needs on this cluster: the master, a
     * loopback driver, and executors of {@code executorCores} cores and {@code executorMemory}
     * that get this JVM's classpath and its {@code --add-opens} flags. {@code maxCores} caps
     * the cores, and with them the executors, the application takes.
     */
    public Map<String, String> applicationConf(int executorCores, String executorMemory,
                                               int maxCores) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.master", masterUrl());
        conf.put("spark.driver.host", LOOPBACK);
        conf.put("spark.driver.bindAddress", LOOPBACK);
        conf.put("spark.executor.cores", Integer.toString(executorCores));
        conf.put("spark.executor.memory", executorMemory);
        conf.put("spark.cores.max", Integer.toString(maxCores));
        conf.put("spark.executor.extraClassPath", classpath);
        conf.put("spark.executor.extraJavaOptions", String.join(" ", executorJvmFlags()));
        return conf;
    }

    /**
     * {@link #applicationConf} as the launcher's {@code key=value} settings
     * ({@code spark.master} and {@code spark.conf."..."}), with Spark's web UI and console
     * progress bar off, for {@code Main.run} in this JVM.
     */
    public List<String> launcherSettings(int executorCores, String executorMemory,
                                         int maxCores) {
        List<String> settings = new ArrayList<>(List.of(
                "spark.conf.\"spark.ui.enabled\"=false",
                "spark.conf.\"spark.ui.showConsoleProgress\"=false"));
        applicationConf(executorCores, executorMemory, maxCores).forEach((key, value) -> {
            String setting = key.equals("spark.master") ? "spark.master"
                    : "spark.conf.\"" + key + "\"";
            settings.add(setting + "=\"" + value + "\"");
        });
        return settings;
    }

    /** The executor JVMs of the Workers that are running now. */
    public List<ProcessHandle> executors() {
        return workers.stream().flatMap(Process::descendants)
                .filter(process -> commandLine(process).contains(EXECUTOR_CLASS))
                .collect(Collectors.toList());
    }

    /** The executor JVM of Spark executor {@code executorId}, if it runs on this cluster. */
    public Optional<ProcessHandle> executor(String executorId) {
        return executors().stream()
                .filter(process -> commandLine(process).contains(" --executor-id " + executorId
                        + " "))
                .findFirst();
    }

    /** Kills a process for real (SIGKILL), as a crash would, and waits until it is gone. */
    public static void kill(ProcessHandle process) {
        process.destroyForcibly();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("process " + process.pid() + " did not die", e);
        }
    }

    /** The folder the Workers run their executors in (one folder per application). */
    public Path workerDirectory(int worker) {
        return workDirectory.resolve("worker-" + worker);
    }

    private void startMaster() throws IOException {
        launch("master", List.of("-Dspark.port.maxRetries=0",
                "org.apache.spark.deploy.master.Master", "--host", LOOPBACK,
                "--port", Integer.toString(masterPort), "--webui-port",
                Integer.toString(masterUiPort)));
    }

    private void startWorker(int worker, int cores, String memory) throws IOException {
        Path directory = workerDirectory(worker);
        Files.createDirectories(directory);
        workers.add(launch("worker-" + worker, List.of("org.apache.spark.deploy.worker.Worker",
                "--host", LOOPBACK, "--port", "0", "--webui-port", "0",
                "--cores", Integer.toString(cores), "--memory", memory,
                "--work-dir", directory.toString(), masterUrl())));
    }

    private Process launch(String name, List<String> mainAndArguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xmx256m", "-cp",
                classpath));
        command.addAll(openFlags());
        command.addAll(mainAndArguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(workDirectory.resolve(name + ".log").toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("SPARK_"));
        environment.put("SPARK_LOCAL_IP", LOOPBACK);
        environment.put("SPARK_HOME", workDirectory.resolve("spark-home").toString());
        environment.put("SPARK_LOCAL_DIRS", workDirectory.resolve("local").toString());
        // Without it the launcher looks for Spark's own build folders to learn the version.
        environment.put("SPARK_SCALA_VERSION", scala.util.Properties.versionNumberString()
                .replaceAll("^(\\d+\\.\\d+).*", "$1"));
        Process process = builder.start();
        synchronized (processes) {
            processes.add(process);
        }
        return process;
    }

    /** Returns once the Master's web UI answers; fails if the Master exits first. */
    private void awaitMaster() throws IOException {
        awaitMasterStatus(master -> true, "master did not start");
    }

    private void awaitWorkers(int expected) throws IOException {
        awaitMasterStatus(master -> master.path("aliveworkers").asInt() >= expected,
                expected + " workers did not register");
    }

    /**
     * Polls the Master's JSON status until {@code ready} holds; fails, with the logs' tails,
     * when a daemon exits or {@link #STARTUP} passes.
     */
    private void awaitMasterStatus(Predicate<JsonNode> ready, String failure)
            throws IOException {
        Instant deadline = Instant.now().plus(STARTUP);
        ObjectMapper json = new ObjectMapper();
        URL status = new URL("http://" + LOOPBACK + ":" + masterUiPort + "/json/");
        while (Instant.now().isBefore(deadline)) {
            checkAlive();
            try (InputStream in = status.openStream()) {
                if (ready.test(json.readTree(in))) {
                    return;
                }
            } catch (IOException notYet) {
                // The Master's web UI is not listening yet.
            }
            pause(200);
        }
        throw new IllegalStateException("the loopback cluster's " + failure + " within "
                + STARTUP.toSeconds() + " s\n" + logTails(TAIL_LINES));
    }

    private void checkAlive() throws IOException {
        synchronized (processes) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("a loopback cluster daemon exited with "
                            + process.exitValue() + "\n" + logTails(TAIL_LINES));
                }
            }
        }
    }

    /**
     * The last {@code lines} lines of every log of this cluster: the Master's, the Workers' and
     * each executor's stderr, each under its path. For failure messages.
     */
    public String logTails(int lines) {
        StringBuilder tails = new StringBuilder();
        try (Stream<Path> files = Files.walk(workDirectory)) {
            for (Path log : files.filter(LoopbackCluster::isLog).sorted()
                    .collect(Collectors.toList())) {
                List<String> content = Files.readAllLines(log, StandardCharsets.UTF_8);
                tails.append("--- ").append(log).append('\n');
                content.subList(Math.max(0, content.size() - lines), content.size())
                        .forEach(line -> tails.append(line).append('\n'));
            }
        } catch (IOException | UncheckedIOException e) {
            tails.append("(logs under ").append(workDirectory).append(" unreadable: ")
                    .append(e.getMessage()).append(")\n");
        }
        return tails.toString();
    }

    private static boolean isLog(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".log") || name.equals("stderr"));
    }

    /** Stops the executors, then the Workers, then the Master. */
    @Override
    public void close() {
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from the hook itself, or while the JVM exits: nothing to unregister.
        }
    }

    private void destroyAll() {
        List<Process> started;
        synchronized (processes) {
            started = new ArrayList<>(processes);
            processes.clear();
        }
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).destroyForcibly();
        }
        for (Process process : started) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * This JVM's classpath. Surefire starts tests with a manifest-only jar and keeps the real
     * classpath in {@code surefire.test.class.path}.
     */
    private static String testClasspath() {
        String classpath = System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path"));
        return List.of(classpath.split(File.pathSeparator)).stream()
                .filter(entry -> !entry.isBlank()).collect(Collectors.joining(File.pathSeparator));
    }

    /** This JVM's {@code --add-opens} flags, which Spark and ND4J need on Java 17. */
    private static List<String> openFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(flag -> flag.startsWith("--add-opens")
                        || flag.startsWith("-Djdk.reflect.useDirectMethodHandle"))
                .collect(Collectors.toList());
    }

    /** The open flags plus ND4J's off-heap limits, which the executor heap does not cover. */
    private static List<String> executorJvmFlags() {
        List<String> flags = new ArrayList<>(openFlags());
        flags.add("-Dorg.bytedeco.javacpp.maxbytes=" + System.getProperty(
                "org.bytedeco.javacpp.maxbytes", "4G"));
        flags.add("-Dorg.bytedeco.javacpp.maxphysicalbytes=" + System.getProperty(
                "org.bytedeco.javacpp.maxphysicalbytes", "8G"));
        return flags;
    }

    /**
     * A process's full command line. Java's own {@link ProcessHandle.Info} gives up on command
     * lines longer than a page, and an executor's classpath alone is longer, so on Linux it is
     * read from {@code /proc}.
     */
    private static String commandLine(ProcessHandle process) {
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        try {
            return new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8)
                    .replace('\0', ' ') + " ";
        } catch (IOException | UnsupportedOperationException noProc) {
            return process.info().commandLine().orElse("") + " ";
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the loopback cluster started", e);
        }
    }
}
