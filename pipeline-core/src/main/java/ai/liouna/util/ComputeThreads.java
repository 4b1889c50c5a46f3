package ai.liouna.util;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the threads ND4J's native code uses (OpenMP, BLAS, libnd4j's own pool) for this JVM.
 * An executor that runs several tasks at once must split its cores between them, or every task
 * starts one thread per core and they fight over the same cores.
 *
 * <p>OpenMP keeps its thread count per calling thread, so it is set again on every thread that
 * calls {@link #configure}: a task that landed on a fresh thread would otherwise run OpenMP
 * regions with one thread per core, and sum its reductions in another order than a task on a
 * configured thread, which makes a run's weights depend on where its tasks ran.
 */
public final class ComputeThreads {

    private static final Logger LOG = LoggerFactory.getLogger(ComputeThreads.class);
    private static int configured;
    private static final ThreadLocal<Integer> OPEN_MP_THREADS = new ThreadLocal<>();

    private ComputeThreads() {
    }

    /**
     * Sets the thread count of this process and of the calling thread's OpenMP regions; later
     * calls with the same count are free.
     */
    public static synchronized void configure(int threads) {
        int count = Math.max(1, threads);
        if (count != configured) {
            configureProcess(count);
        }
        if (!Integer.valueOf(count).equals(OPEN_MP_THREADS.get())) {
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(count);
            OPEN_MP_THREADS.set(count);
        }
    }

    /**
     * Goes through {@link Nd4j} first: it loads the backend whose properties
     * {@link NativeOpsHolder} reads, and a fresh executor JVM may not have loaded it yet.
     */
    private static void configureProcess(int count) {
        Nd4j.getEnvironment().setMaxThreads(count);
        Nd4j.getEnvironment().setMaxMasterThreads(count);
        Nd4j.factory().blas().setMaxThreads(count);
        configured = count;
        LOG.info("ND4J limited to {} thread(s) per task", count);
    }

    /** Threads per task when {@code cores} are shared by {@code concurrentTasks} tasks. */
    public static int perTask(int cores, int concurrentTasks) {
        return Math.max(1, cores / Math.max(1, concurrentTasks));
    }
}
