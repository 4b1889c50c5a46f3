package ai.liouna.util;

import java.util.List;

import ai.liouna.util.DeviceSelection.Backend;
import ai.liouna.util.DeviceSelection.Choice;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the calling thread's ND4J work on the CUDA device {@link DeviceSelection} chose. On
 * the CPU backend every call is a no-op, so the same task code runs on hosts without a GPU.
 * ND4J's device is per thread: arrays a thread creates afterwards live on that device.
 */
public final class ComputeDevice {

    private static final Logger LOG = LoggerFactory.getLogger(ComputeDevice.class);

    private ComputeDevice() {
    }

    /** The backend ND4J loaded in this JVM. */
    public static Backend backend() {
        return Nd4j.getEnvironment().isCPU() ? Backend.CPU : Backend.CUDA;
    }

    /** CUDA devices this process sees; 0 on the CPU backend. */
    public static int visibleDevices() {
        return backend() == Backend.CPU ? 0 : Nd4j.getAffinityManager().getNumberOfDevices();
    }

    /**
     * Chooses the device for a task holding GPU {@code addresses} and moves this thread to it.
     *
     * @return the choice, for the caller's records
     */
    public static Choice useFor(List<String> addresses) {
        Backend backend = backend();
        Choice choice = DeviceSelection.choose(addresses, backend, visibleDevices(),
                System.getenv("CUDA_VISIBLE_DEVICES"));
        if (choice.device().isEmpty()) {
            LOG.debug("{}", choice.reason());
            return choice;
        }
        int device = choice.device().getAsInt();
        AffinityManager affinity = Nd4j.getAffinityManager();
        if (affinity.getDeviceForCurrentThread() != device) {
            affinity.unsafeSetDevice(device);
            LOG.info("thread {} moved to CUDA device {}: {}", Thread.currentThread().getName(),
                    device, choice.reason());
        }
        return choice;
    }

    /** The device this thread's arrays are created on; -1 on the CPU backend. */
    public static int current() {
        return backend() == Backend.CPU ? -1 : Nd4j.getAffinityManager()
                .getDeviceForCurrentThread();
    }
}
