package ai.liouna.jobs;

import java.util.List;

import ai.liouna.util.ComputeDevice;
import ai.liouna.util.DeviceSelection.Choice;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The Spark side of GPU placement: reads the GPU addresses Spark's resource scheduling gave
 * the running task ({@code spark.task.resource.gpu.amount}) and moves the task's thread to
 * that device before it builds a backbone. Without GPU resources, or on ND4J's CPU backend,
 * it changes nothing.
 */
final class TaskDevice {

    /** Spark's name of the resource, as in spark.executor.resource.gpu.amount. */
    static final String GPU = "gpu";

    private TaskDevice() {
    }

    /** Places this task's thread on its GPU, if it has one; returns what was chosen. */
    static Choice use() {
        return ComputeDevice.useFor(gpuAddresses(TaskContext.get()));
    }

    /** The GPU addresses of {@code task}; empty for none, or outside a task (the driver). */
    static List<String> gpuAddresses(TaskContext task) {
        if (task == null) {
            return List.of();
        }
        ResourceInformation gpus = task.resourcesJMap().get(GPU);
        return gpus == null ? List.of() : List.of(gpus.addresses());
    }
}
