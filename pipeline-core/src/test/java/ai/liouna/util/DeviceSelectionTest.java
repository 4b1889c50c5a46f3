package ai.liouna.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;

import ai.liouna.util.DeviceSelection.Backend;
import ai.liouna.util.DeviceSelection.Choice;
import org.junit.jupiter.api.Test;

class DeviceSelectionTest {

    @Test
    void cpuBackendIgnoresGpusSparkGave() {
        Choice choice = DeviceSelection.choose(List.of("1"), Backend.CPU, 0, null);

        assertEquals(OptionalInt.empty(), choice.device());
        assertTrue(choice.reason().contains("-Pcuda"), choice.reason());
    }

    @Test
    void taskWithoutGpuLeavesPlacementToNd4j() {
        Choice choice = DeviceSelection.choose(List.of(), Backend.CUDA, 4, null);

        assertEquals(OptionalInt.empty(), choice.device());
    }

    @Test
    void addressIsTheCudaIndexWhenAllDevicesAreVisible() {
        assertEquals(OptionalInt.of(3),
                DeviceSelection.choose(List.of("3"), Backend.CUDA, 4, null).device());
        assertEquals(OptionalInt.of(0),
                DeviceSelection.choose(List.of(" 0 "), Backend.CUDA, 1, "").device());
    }

    @Test
    void addressIsItsPositionInCudaVisibleDevices() {
        assertEquals(OptionalInt.of(1),
                DeviceSelection.choose(List.of("6"), Backend.CUDA, 2, "4, 6").device());
        assertEquals(OptionalInt.of(0), DeviceSelection.choose(List.of("GPU-a1b2"),
                Backend.CUDA, 2, "GPU-a1b2,GPU-c3d4").device());
    }

    @Test
    void onlyTheFirstOfSeveralAddressesIsUsed() {
        Choice choice = DeviceSelection.choose(List.of("2", "3"), Backend.CUDA, 4, null);

        assertEquals(OptionalInt.of(2), choice.device());
        assertTrue(choice.reason().contains("spark.task.resource.gpu.amount=1"),
                choice.reason());
    }

    @Test
    void addressesThisProcessCannotUseAreRejectedWithTheFix() {
        var hidden = assertThrows(IllegalArgumentException.class,
                () -> DeviceSelection.choose(List.of("1"), Backend.CUDA, 2, "4,6"));
        assertTrue(hidden.getMessage().contains("CUDA_VISIBLE_DEVICES=4,6"));

        var beyond = assertThrows(IllegalArgumentException.class,
                () -> DeviceSelection.choose(List.of("2"), Backend.CUDA, 2, null));
        assertTrue(beyond.getMessage().contains("CUDA sees 2 device(s)"));

        var named = assertThrows(IllegalArgumentException.class,
                () -> DeviceSelection.choose(List.of("GPU-a1b2"), Backend.CUDA, 2, null));
        assertTrue(named.getMessage().contains("not a device index"));
    }
}
