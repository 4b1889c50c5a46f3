package ai.liouna.util;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Which CUDA device a task's backbone runs on, from what the cluster manager gave the task.
 * Pure: the caller reads the task's GPU addresses, ND4J's backend and device count, and
 * {@code CUDA_VISIBLE_DEVICES}; {@link ComputeDevice} applies the choice.
 *
 * <p>Spark's GPU addresses are what the discovery script printed, normally nvidia-smi's
 * indices of the host. CUDA numbers only the devices it can see: when
 * {@code CUDA_VISIBLE_DEVICES} restricts them, an address is translated to its position in
 * that list; otherwise it is used as the CUDA index directly (as inside a container whose
 * runtime exposes just the granted GPUs, where nvidia-smi numbers them from 0 too).
 */
public final class DeviceSelection {

    /** ND4J's two backends: the CPU one (nd4j-native) and the CUDA one (-Pcuda). */
    public enum Backend { CPU, CUDA }

    /**
     * The outcome: a CUDA device index, or none (ND4J keeps its own placement), and why.
     *
     * @param device CUDA device index the calling thread should use, if any
     * @param reason one line for the log, naming the addresses the choice came from
     */
    public record Choice(OptionalInt device, String reason) {

        static Choice none(String reason) {
            return new Choice(OptionalInt.empty(), reason);
        }

        static Choice of(int device, String reason) {
            return new Choice(OptionalInt.of(device), reason);
        }
    }

    private DeviceSelection() {
    }

    /**
     * The device for one task.
     *
     * @param addresses          the task's GPU addresses from Spark, empty when it has none
     * @param backend            the backend ND4J loaded
     * @param visibleDevices     CUDA devices ND4J sees (ignored on the CPU backend)
     * @param cudaVisibleDevices the process's {@code CUDA_VISIBLE_DEVICES}, null when unset
     * @throws IllegalArgumentException when an address names no device this process can see
     */
    public static Choice choose(List<String> addresses, Backend backend, int visibleDevices,
                                String cudaVisibleDevices) {
        if (backend == Backend.CPU) {
            return Choice.none(addresses.isEmpty() ? "CPU backend"
                    : "CPU backend: GPU " + addresses + " given by Spark is unused; build the"
                    + " jar with mvn -Pcuda to train on it");
        }
        if (addresses.isEmpty()) {
            return Choice.none("no GPU given by Spark; ND4J places this thread on one of its "
                    + visibleDevices + " device(s) itself");
        }
        String address = addresses.get(0).trim();
        int device = cudaIndex(address, visibleDevices, cudaVisibleDevices);
        String unused = addresses.size() > 1 ? "; addresses " + addresses.subList(1,
                addresses.size()) + " stay unused, a task trains one backbone on one GPU (set"
                + " spark.task.resource.gpu.amount=1)" : "";
        return Choice.of(device, "GPU address " + address + " given by Spark is CUDA device "
                + device + " of " + visibleDevices + unused);
    }

    private static int cudaIndex(String address, int visibleDevices, String cudaVisibleDevices) {
        if (cudaVisibleDevices != null && !cudaVisibleDevices.isBlank()) {
            List<String> visible = Arrays.stream(cudaVisibleDevices.split(","))
                    .map(String::trim).toList();
            int position = visible.indexOf(address);
            if (position < 0) {
                throw new IllegalArgumentException("GPU address '" + address + "' given by"
                        + " Spark is not in CUDA_VISIBLE_DEVICES=" + cudaVisibleDevices
                        + ", so this process cannot use it; make the discovery script report"
                        + " only the GPUs in CUDA_VISIBLE_DEVICES, or unset it");
            }
            return checkedIndex(position, address, visibleDevices);
        }
        int index;
        try {
            index = Integer.parseInt(address);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GPU address '" + address + "' given by Spark"
                    + " is not a device index; make the discovery script print nvidia-smi's"
                    + " indices (submit/gpu-discovery.sh does), or list the same names in"
                    + " CUDA_VISIBLE_DEVICES", e);
        }
        return checkedIndex(index, address, visibleDevices);
    }

    private static int checkedIndex(int index, String address, int visibleDevices) {
        if (index < 0 || index >= visibleDevices) {
            throw new IllegalArgumentException("GPU address '" + address + "' given by Spark"
                    + " is CUDA device " + index + ", but CUDA sees " + visibleDevices
                    + " device(s) in this process; the discovery script reports GPUs the"
                    + " executor cannot use: check CUDA_VISIBLE_DEVICES and the container's"
                    + " GPU limits");
        }
        return index;
    }
}
