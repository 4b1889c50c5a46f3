package ai.liouna.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SplitFeaturesTest {

    private static ExtractedFeatures part(int[] labels, float first) {
        float[] block0 = new float[labels.length * 2];
        float[] block1 = new float[labels.length * 3];
        for (int i = 0; i < block0.length; i++) {
            block0[i] = first + i;
        }
        for (int i = 0; i < block1.length; i++) {
            block1[i] = -(first + i);
        }
        long[] ids = new long[labels.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1000 + labels[i];
        }
        return new ExtractedFeatures(ids, labels, new int[] {2, 3},
                new float[][] {block0, block1});
    }

    @Test
    void partsAreStackedInTheOrderTheyArrive() {
        SplitFeatures split = new SplitFeatures(3, new int[] {2, 3});

        split.append(part(new int[] {4, 5}, 10));
        split.append(part(new int[] {}, 0));
        split.append(part(new int[] {6}, 20));

        assertArrayEquals(new int[] {4, 5, 6}, split.block(0).labels());
        assertArrayEquals(new long[] {1004, 1005, 1006}, split.block(1).ids());
        assertArrayEquals(new float[] {10, 11, 12, 13, 20, 21},
                split.block(0).features().dup('c').data().asFloat());
        assertArrayEquals(new float[] {-10, -11, -12, -13, -14, -15, -20, -21, -22},
                split.block(1).features().dup('c').data().asFloat());
        split.release();
    }

    @Test
    void incompleteOrMismatchedPartsAreRefused() {
        SplitFeatures split = new SplitFeatures(3, new int[] {2, 3});
        split.append(part(new int[] {1, 2}, 0));

        assertThrows(IllegalStateException.class, () -> split.block(0));
        assertThrows(IllegalArgumentException.class, () -> split.append(
                new ExtractedFeatures(new long[] {1}, new int[] {1}, new int[] {2},
                        new float[][] {new float[2]})));
        assertThrows(IllegalStateException.class,
                () -> split.append(part(new int[] {1, 2}, 0)));
    }
}
