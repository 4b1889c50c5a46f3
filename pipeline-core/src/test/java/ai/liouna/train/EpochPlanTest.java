package ai.liouna.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class EpochPlanTest {

    @Test
    void everyImageIsUsedExactlyOncePerEpoch() {
        long[] sizes = {103, 250, 0, 77};
        EpochPlan plan = new EpochPlan(sizes, 64, 11, 3);
        assertEquals(430 / 64, plan.steps());
        for (int partition = 0; partition < sizes.length; partition++) {
            int[] seen = new int[(int) sizes[partition]];
            for (int step = 0; step < plan.steps(); step++) {
                for (int index : plan.indices(partition, step)) {
                    seen[index]++;
                }
            }
            for (int count : seen) {
                assertEquals(1, count);
            }
        }
    }

    @Test
    void stepBatchesAreAboutTheBatchSizeAndProportional() {
        EpochPlan plan = new EpochPlan(new long[] {300, 100}, 100, 1, 0);
        assertEquals(4, plan.steps());
        for (int step = 0; step < plan.steps(); step++) {
            assertEquals(75, plan.indices(0, step).length);
            assertEquals(25, plan.indices(1, step).length);
        }
    }

    @Test
    void orderDependsOnSeedEpochAndPartitionOnly() {
        EpochPlan plan = new EpochPlan(new long[] {50, 50}, 10, 5, 1);
        EpochPlan same = new EpochPlan(new long[] {50, 50}, 10, 5, 1);
        EpochPlan nextEpoch = new EpochPlan(new long[] {50, 50}, 10, 5, 2);
        assertArrayEquals(plan.indices(1, 3), same.indices(1, 3));
        assertFalse(Arrays.equals(plan.indices(1, 3), nextEpoch.indices(1, 3)));
        assertFalse(Arrays.equals(plan.indices(0, 3), plan.indices(1, 3)));
    }

    @Test
    void smallDatasetsStillTakeOneStep() {
        EpochPlan plan = new EpochPlan(new long[] {5}, 1024, 1, 0);
        assertEquals(1, plan.steps());
        assertEquals(5, plan.indices(0, 0).length);
    }

    @Test
    void emptyDataIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new EpochPlan(new long[] {0, 0}, 8, 1, 0));
    }
}
