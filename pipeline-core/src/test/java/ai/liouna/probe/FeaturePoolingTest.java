package ai.liouna.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FeaturePoolingTest {

    /** Maps [n, c, size, size]: the value at (map m, row r, column c) is r * size + c + 100 m. */
    private static INDArray ramp(int images, int channels, int size) {
        float[] values = new float[images * channels * size * size];
        for (int map = 0; map < images * channels; map++) {
            for (int p = 0; p < size * size; p++) {
                values[map * size * size + p] = p + 100 * map;
            }
        }
        return Nd4j.create(values, new long[] {images, channels, size, size}, 'c');
    }

    @Test
    void mapAsSmallAsTheGridIsKeptAsIs() {
        INDArray maps = Nd4j.rand(DataType.FLOAT, 2, 3, 4, 4);

        float[] features = new FeaturePooling(4).pool(maps);

        assertArrayEquals(maps.dup('c').data().asFloat(), features);
    }

    @Test
    void mapSmallerThanTheGridIsNotUpsampled() {
        FeaturePooling pooling = new FeaturePooling(4);
        INDArray maps = ramp(1, 5, 2);

        assertEquals(5 * 2 * 2, pooling.featureCount(5, 2, 2));
        assertArrayEquals(maps.dup('c').data().asFloat(), pooling.pool(maps));
    }

    @Test
    void sixteenBySixteenBecomesMeansOfFourByFourPatches() {
        float[] features = new FeaturePooling(4).pool(ramp(1, 1, 16));

        assertEquals(16, features.length);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                // Mean of rows 4i..4i+3 and columns 4j..4j+3 of r * 16 + c.
                float expected = (4 * i + 1.5f) * 16 + 4 * j + 1.5f;
                assertEquals(expected, features[i * 4 + j], 1e-4, "bin " + i + "," + j);
            }
        }
    }

    @Test
    void fiveByFiveWithGridFourAveragesOverlappingTwoByTwoWindows() {
        // The 5x5 map r * 5 + c; bins along each side are [0,2), [1,3), [2,4), [3,5).
        float[] features = new FeaturePooling(4).pool(ramp(1, 1, 5));

        assertEquals(3f, features[0], 1e-6);          // (0 + 1 + 5 + 6) / 4
        assertEquals(10f, features[1 * 4 + 2], 1e-6); // (7 + 8 + 12 + 13) / 4
        assertEquals(21f, features[3 * 4 + 3], 1e-6); // (18 + 19 + 23 + 24) / 4
        assertEquals(16, features.length);
    }

    @Test
    void featuresAreImageMajorThenChannelThenPosition() {
        // Two images of two 4x4 channels, pooled to 2x2: 8 features per image.
        float[] features = new FeaturePooling(2).pool(ramp(2, 2, 4));

        assertEquals(16, features.length);
        // Image 1, channel 1 is map 3: top-left 2x2 of r * 4 + c is (0 + 1 + 4 + 5) / 4 = 2.5.
        assertEquals(300 + 2.5f, features[8 + 4], 1e-4);
        // Image 0, channel 0, bottom-right bin: (10 + 11 + 14 + 15) / 4.
        assertEquals(12.5f, features[3], 1e-4);
    }

    @Test
    void gridOneIsGlobalAveragePooling() {
        INDArray maps = Nd4j.rand(DataType.FLOAT, 3, 2, 8, 8);

        float[] features = new FeaturePooling(1).pool(maps);

        assertArrayEquals(maps.mean(2, 3).dup('c').data().asFloat(), features, 1e-5f);
    }

    @Test
    void acceptsViewsThatAreNotContiguous() {
        INDArray maps = Nd4j.rand(DataType.FLOAT, 2, 8, 8, 3).permute(0, 3, 1, 2);

        float[] features = new FeaturePooling(4).pool(maps);

        assertArrayEquals(new FeaturePooling(4).pool(maps.dup('c')), features);
    }

    @Test
    void rejectsBadGridsAndShapes() {
        assertThrows(IllegalArgumentException.class, () -> new FeaturePooling(0));
        assertThrows(IllegalArgumentException.class,
                () -> new FeaturePooling(4).pool(Nd4j.rand(DataType.FLOAT, 4, 16)));
    }
}
