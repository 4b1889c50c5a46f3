package ai.liouna.jobs;

import java.io.Serializable;

import ai.liouna.config.Settings;
import org.apache.spark.TaskContext;

/**
 * Deliberate failures from the {@code faults} settings, so tests can prove that a retried task
 * or a resumed run ends with the weights of an undisturbed one.
 *
 * @param failTaskAtStep    global step whose task fails on its first attempt, or -1
 * @param failTaskPartition the partition whose task fails
 * @param crashAfterStep    global step after which the driver stops the run, or -1
 */
record FaultPlan(long failTaskAtStep, int failTaskPartition, long crashAfterStep)
        implements Serializable {

    static FaultPlan from(Settings settings) {
        return new FaultPlan(settings.getLong("faults.failTaskAtStep"),
                settings.getInt("faults.failTaskPartition"),
                settings.getLong("faults.crashAfterStep"));
    }

    /** Called by a task before its work on {@code globalStep}. */
    void beforeTask(long globalStep, int partition) {
        TaskContext task = TaskContext.get();
        boolean firstAttempt = task == null || task.attemptNumber() == 0;
        if (globalStep == failTaskAtStep && partition == failTaskPartition && firstAttempt) {
            throw new IllegalStateException("injected failure of partition " + partition
                    + " at global step " + globalStep + " (faults.failTaskAtStep)");
        }
    }

    /** Called by the driver once global steps {@code first..last} are done. */
    void afterSteps(long first, long last) {
        if (crashAfterStep >= first && crashAfterStep <= last) {
            throw new InjectedCrash(last);
        }
    }

    /** The run stopped on purpose; a resumed run should continue from the last checkpoint. */
    static final class InjectedCrash extends RuntimeException {
        InjectedCrash(long globalStep) {
            super("injected crash after global step " + globalStep + " (faults.crashAfterStep)");
        }
    }
}
