package ai.liouna.util;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the threads ND4J's native code uses (OpenMP, BLAS, libnd4j's own pool) for this JVM.
 * An executor that runs several tasks at once must split its cores between them, or every task
 * starts one thread per core and they fight over the same cores.
 */
public final class ComputeThreads {

    private static final Logger LOG = LoggerFactory.getLogger(ComputeThreads.class);
    private static int configured;

    private ComputeThreads() {
    }

    /** Sets the per-process thread count once; later calls with the same count are free. */
    public static synchronized void configure(int threads) {
        int count = Math.max(1, threads);
        if (count == configured) {
            return;
        }
        Nd4j.getEnvironment().setMaxThreads(count);
        Nd4j.getEnvironment().setMaxMasterThreads(count);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(count);
        Nd4j.factory().blas().setMaxThreads(count);
        configured = count;
        LOG.info("ND4J limited to {} thread(s) per task", count);
    }

    /** Threads per task when {@code cores} are shared by {@code concurrentTasks} tasks. */
    public static int perTask(int cores, int concurrentTasks) {
        return Math.max(1, cores / Math.max(1, concurrentTasks));
    }
}
