package ai.liouna.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.liouna.util.ComputeThreads;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/**
 * The spark-submit wrappers of submit/cluster/, run in their dry-run mode: the command each
 * prints names the launcher class, the shaded jar, the resources, the Java 17 flags and
 * thread settings the jobs themselves arrive at from the same Spark settings.
 */
class ClusterWrappersTest {

    private static final List<String> SCRIPTS = List.of("submit/cluster/common.sh",
            "submit/cluster/standalone.sh", "submit/cluster/yarn.sh",
            "submit/cluster/kubernetes.sh", "submit/gpu-discovery.sh", "submit/jvm-opens.sh",
            "submit/liouna");
    private static final String CONF = "conf/cifar10-ours.conf";

    @Test
    void scriptsParse() {
        for (String script : SCRIPTS) {
            ClusterScripts.Run run = ClusterScripts.run(Map.of(), "bash", "-n", script);
            assertEquals(0, run.status(), script + ": " + run.err());
        }
    }

    @Test
    void scriptsPassShellcheck() {
        assumeTrue(ClusterScripts.run(Map.of(), "bash", "-c", "command -v shellcheck")
                .status() == 0, "shellcheck is not installed");
        String[] command = new String[SCRIPTS.size() + 4];
        command[0] = "shellcheck";
        command[1] = "-x";
        command[2] = "-S";
        command[3] = "warning";
        for (int i = 0; i < SCRIPTS.size(); i++) {
            command[i + 4] = SCRIPTS.get(i);
        }
        ClusterScripts.Run run = ClusterScripts.run(Map.of(), command);
        assertEquals(0, run.status(), run.out());
    }

    @Test
    void yarnClusterModeWithGpusShipsTheConfigAndTheDiscoveryScript() {
        List<String> command = ClusterScripts.dryRun("yarn.sh", "--gpus", "2",
                "--executor-cores", "8", "--deploy-mode", "cluster", "--queue", "research",
                "pretrain", "--conf", CONF, "pretrain.epochs=5");
        String jar = ClusterScripts.shadedJar();
        Map<String, String> conf = ClusterScripts.sparkConf(command, jar);

        assertLauncher(command, "yarn", jar);
        assertEquals(List.of("pretrain", "--conf", "cifar10-ours.conf", "pretrain.epochs=5"),
                jobArguments(command, jar));
        List<String> files = Arrays.asList(ClusterScripts.option(command, "--files")
                .split(","));
        assertTrue(files.contains(ClusterScripts.PROJECT.resolve(CONF).toString()), files
                .toString());
        assertTrue(files.contains(ClusterScripts.PROJECT.resolve("submit/gpu-discovery.sh")
                .toString()), files.toString());
        assertEquals("2", conf.get("spark.executor.resource.gpu.amount"));
        assertEquals("1", conf.get("spark.task.resource.gpu.amount"));
        assertEquals("./gpu-discovery.sh", conf.get(
                "spark.executor.resource.gpu.discoveryScript"));
        assertEquals("research", ClusterScripts.option(command, "--queue"));
        assertEquals("2", ClusterScripts.option(command, "--num-executors"));
        assertEquals("2", conf.get("spark.yarn.appMasterEnv.OMP_NUM_THREADS"));
        assertThreads(command, conf, 8);
        assertMemory(conf, 8192, 8192 + 1024);
    }

    @Test
    void kubernetesWithGpusRequestsNvidiaGpusOnGpuNodes() throws Exception {
        List<String> command = ClusterScripts.dryRun("kubernetes.sh",
                "--master", "k8s://https://10.0.0.1:6443", "--image", "registry/liouna:1",
                "--upload-path", "s3a://bucket/upload", "--gpus", "1", "--executor-cores", "6",
                "probe", "--conf", CONF);
        String jar = ClusterScripts.shadedJar();
        Map<String, String> conf = ClusterScripts.sparkConf(command, jar);

        assertLauncher(command, "k8s://https://10.0.0.1:6443", jar);
        assertEquals("cluster", ClusterScripts.option(command, "--deploy-mode"));
        assertEquals("nvidia.com", conf.get("spark.executor.resource.gpu.vendor"));
        assertEquals("1", conf.get("spark.executor.resource.gpu.amount"));
        assertEquals("registry/liouna:1", conf.get("spark.kubernetes.container.image"));
        assertEquals("s3a://bucket/upload", conf.get("spark.kubernetes.file.upload.path"));
        Path template = Path.of(conf.get("spark.kubernetes.executor.podTemplateFile"));
        assertTrue(Files.readString(template).contains("nvidia.com/gpu"), template.toString());
        assertTrue(ClusterScripts.option(command, "--files").contains("log4j2.properties"));
        assertTrue(command.contains("-Dlog4j2.configurationFile=log4j2.properties")
                || ClusterScripts.option(command, "--driver-java-options")
                .contains("-Dlog4j2.configurationFile=log4j2.properties"));
        assertThreads(command, conf, 6);
    }

    @Test
    void kubernetesRefusesALocalJarWithoutAnUploadPath() {
        ClusterScripts.Run run = ClusterScripts.run(Map.of("LIOUNA_DRY_RUN", "1"),
                "submit/cluster/kubernetes.sh", "--master", "k8s://https://10.0.0.1:6443",
                "--image", "registry/liouna:1", "ingest");

        assertEquals(2, run.status());
        assertTrue(run.err().contains("--upload-path"), run.err());
    }

    @Test
    void standaloneOnCpusRunsOneSingleThreadedTaskPerCore() {
        List<String> command = ClusterScripts.dryRun("standalone.sh",
                "--master", "spark://master:7077", "--executors", "3", "--executor-cores", "6",
                "--executor-memory", "12g", "--executor-offheap", "6g",
                "ingest", "--conf", CONF);
        String jar = ClusterScripts.shadedJar();
        Map<String, String> conf = ClusterScripts.sparkConf(command, jar);

        assertLauncher(command, "spark://master:7077", jar);
        assertEquals(List.of("ingest", "--conf", CONF), jobArguments(command, jar));
        assertEquals("18", conf.get("spark.cores.max"));
        assertFalse(conf.containsKey("spark.executor.resource.gpu.amount"));
        assertFalse(command.contains("--files"));
        assertEquals("org.apache.hadoop:hadoop-aws:" + ClusterScripts.pomProperty(
                "hadoop.version"), ClusterScripts.option(command, "--packages"));
        assertThreads(command, conf, 6);
        assertMemory(conf, 6 * 1024, 6 * 1024 + 1024);
    }

    @Test
    void threadsPerTaskMatchWhatTheJobsWorkOut() {
        for (String[] options : List.of(new String[] {"--gpus", "4", "--executor-cores", "10"},
                new String[] {"--gpus", "2", "--executor-cores", "8", "--task-cpus", "1"},
                new String[] {"--executor-cores", "8", "--task-cpus", "2"})) {
            String[] arguments = Arrays.copyOf(options, options.length + 1);
            arguments[options.length] = "pretrain";
            List<String> command = ClusterScripts.dryRun("yarn.sh", arguments);
            Map<String, String> conf = ClusterScripts.sparkConf(command,
                    ClusterScripts.shadedJar());
            assertThreads(command, conf, Integer.parseInt(conf.get("spark.executor.cores")));
        }
    }

    @Test
    void tooFewCoresForTheGpusIsRefused() {
        ClusterScripts.Run run = ClusterScripts.run(Map.of("LIOUNA_DRY_RUN", "1"),
                "submit/cluster/yarn.sh", "--gpus", "4", "--executor-cores", "2", "pretrain");

        assertEquals(2, run.status());
        assertTrue(run.err().contains("--executor-cores at least 4"), run.err());
    }

    @Test
    void discoveryScriptPrintsSparksResourceJson() {
        ClusterScripts.Run two = ClusterScripts.run(Map.of("LIOUNA_GPU_ADDRESSES", "0, 1"),
                "submit/gpu-discovery.sh");
        ClusterScripts.Run none = ClusterScripts.run(Map.of("LIOUNA_GPU_ADDRESSES", ""),
                "submit/gpu-discovery.sh");

        assertEquals("{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\"]}", two.out().strip());
        assertEquals("{\"name\":\"gpu\",\"addresses\":[]}", none.out().strip());
    }

    private static void assertLauncher(List<String> command, String master, String jar) {
        assertEquals("env", command.get(0));
        assertTrue(command.get(2).endsWith("spark-submit"), command.get(2));
        assertEquals(master, ClusterScripts.option(command, "--master"));
        assertEquals(Main.class.getName(), ClusterScripts.option(command, "--class"));
        assertTrue(command.contains(jar), "no " + jar + " in " + command);
        assertTrue(Main.commands().containsKey(jobArguments(command, jar).get(0)));
        String driver = ClusterScripts.option(command, "--driver-java-options");
        String executor = ClusterScripts.sparkConf(command, jar)
                .get("spark.executor.extraJavaOptions");
        for (String flag : JvmFlags.opens()) {
            assertTrue(driver.contains(flag), "driver lacks " + flag);
            assertTrue(executor.contains(flag), "executors lack " + flag);
        }
    }

    /**
     * OMP_NUM_THREADS of the executors is what compute.threadsPerTask = 0 works out from the
     * same settings, and the tasks running at once use no more than the executor's cores.
     */
    private static void assertThreads(List<String> command, Map<String, String> settings,
                                      int executorCores) {
        SparkConf conf = new SparkConf(false)
                .set("spark.master", ClusterScripts.option(command, "--master"));
        settings.forEach(conf::set);
        int tasks = SparkSessions.concurrentTasks(conf);
        int threads = ComputeThreads.perTask(SparkSessions.executorCores(conf), tasks);

        assertEquals(executorCores, SparkSessions.executorCores(conf));
        assertEquals(String.valueOf(threads), settings.get("spark.executorEnv.OMP_NUM_THREADS"),
                settings.toString());
        assertTrue(tasks * threads <= executorCores, tasks + " tasks x " + threads);
        String driverThreads = command.get(1);
        assertEquals("OMP_NUM_THREADS=" + ClusterScripts.option(command, "--driver-cores"),
                driverThreads);
    }

    private static void assertMemory(Map<String, String> conf, int offheapMib,
                                     int overheadMib) {
        assertTrue(conf.get("spark.executor.extraJavaOptions").contains(
                "-Dorg.bytedeco.javacpp.maxbytes=" + offheapMib + "M"));
        assertEquals(overheadMib + "m", conf.get("spark.executor.memoryOverhead"));
    }

    private static List<String> jobArguments(List<String> command, String jar) {
        return command.subList(command.indexOf(jar) + 1, command.size());
    }
}
