package ai.liouna.jobs;

import java.util.List;

import ai.liouna.util.ComputeDevice;
import ai.liouna.util.DeviceSelection;
import ai.liouna.util.DeviceSelection.Backend;
import ai.liouna.util.DeviceSelection.Choice;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs in its own JVM for {@link GpuSchedulingTest}: a Spark local cluster (one worker, one
 * executor JVM) whose worker finds its GPUs with the discovery script given, and tasks that
 * each ask for one GPU. Every task reports, one line on standard output, the addresses Spark
 * gave it, the device {@link DeviceSelection} picks from them for a CUDA executor that sees
 * {@code CUDA_DEVICES} devices, and what {@link TaskDevice#use()} really did on this JVM's
 * ND4J backend.
 */
final class GpuClusterProbe {

    /** Devices the simulated CUDA executor sees. */
    static final int CUDA_DEVICES = 8;
    static final int TASKS = 4;
    static final String PREFIX = "TASK ";

    private GpuClusterProbe() {
    }

    /** Arguments: discovery script, GPUs of the worker, JVM flags of the executor. */
    public static void main(String[] args) {
        SparkConf conf = new SparkConf()
                .setMaster("local-cluster[1,2,1024]")
                .setAppName("gpu-scheduling-test")
                .set("spark.worker.resource.gpu.amount", args[1])
                .set("spark.worker.resource.gpu.discoveryScript", args[0])
                .set("spark.executor.resource.gpu.amount", args[1])
                .set("spark.task.resource.gpu.amount", "1")
                .set("spark.executor.memory", "512m")
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executor.extraJavaOptions", args[2])
                .set("spark.ui.enabled", "false");
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            List<String> reports = spark.parallelize(List.of(0, 1, 2, 3), TASKS)
                    .map(partition -> report(partition)).collect();
            reports.forEach(line -> System.out.println(PREFIX + line));
        }
    }

    private static String report(int partition) {
        List<String> addresses = TaskDevice.gpuAddresses(TaskContext.get());
        Choice simulated = DeviceSelection.choose(addresses, Backend.CUDA, CUDA_DEVICES, null);
        Choice actual = TaskDevice.use();
        return partition + " " + String.join(",", addresses) + " "
                + simulated.device().orElse(-1) + " " + ComputeDevice.backend() + " "
                + actual.device().orElse(-1);
    }
}
