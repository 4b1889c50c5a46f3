package ai.liouna.rule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MasksTest {

    private static final INDArray LIKE = Nd4j.zeros(DataType.FLOAT, 64, 16, 32, 32);

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.3, 0.55, 0.8, 0.85})
    void realisedMaskRatioMatchesTheConfiguredOne(double ratio) {
        INDArray mask = Masks.bernoulli(LIKE, ratio, false, RandomKey.of(1, 2));
        double dropped = mask.eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        // 1M draws: the standard error is below 0.0005.
        assertEquals(ratio, dropped, 0.003);
        assertEquals(1.0, mask.maxNumber().doubleValue(), 0.0);
    }

    @Test
    void rescaledMasksKeepTheExpectation() {
        INDArray mask = Masks.bernoulli(LIKE, 0.75, true, RandomKey.of(3));
        assertEquals(4.0, mask.maxNumber().doubleValue(), 1e-6);
        assertEquals(1.0, mask.meanNumber().doubleValue(), 0.01);
    }

    @Test
    void sameKeySameMask() {
        INDArray first = Masks.bernoulli(LIKE, 0.5, false, RandomKey.of(5, 6, 7));
        INDArray second = Masks.bernoulli(LIKE, 0.5, false, RandomKey.of(5, 6, 7));
        INDArray other = Masks.bernoulli(LIKE, 0.5, false, RandomKey.of(5, 6, 8));
        assertArrayEquals(first.data().asFloat(), second.data().asFloat());
        double agreement = first.eq(other).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertEquals(0.5, agreement, 0.01);
    }

    @Test
    void scheduleIsLinearFromMaxToMin() {
        assertArrayEquals(new double[] {0.8, 0.55, 0.3}, MaskSchedule.linear(0.8, 0.3, 3), 1e-12);
        assertArrayEquals(new double[] {0.8, 0.6, 0.4}, MaskSchedule.linear(0.8, 0.4, 3), 1e-12);
        double[] six = MaskSchedule.linear(0.85, 0.4, 6);
        for (int block = 1; block < six.length; block++) {
            assertEquals(-0.09, six[block] - six[block - 1], 1e-12);
        }
        assertArrayEquals(new double[] {0.7}, MaskSchedule.linear(0.7, 0.2, 1), 0.0);
    }

    @Test
    void invalidRatiosAreRejectedWithTheKeyName() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new LiounaSettings(0.1, 1.0, 0.3, LiounaSettings.Update.JOINT,
                        LiounaSettings.MaskScaling.PLAIN, LiounaSettings.Masking.LOCAL, 1.0));
        assertEquals("pretrain.maskRatio.max must be in [0, 1), got 1.0", error.getMessage());
    }
}
