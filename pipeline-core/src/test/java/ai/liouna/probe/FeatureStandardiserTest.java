package ai.liouna.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class FeatureStandardiserTest {

    private static INDArray matrix(float[][] rows) {
        return Nd4j.create(rows);
    }

    @Test
    void statisticsComeFromTheFittedRowsOnly() {
        // Feature 0: mean 2, std 1; feature 1: mean 10, std 2 (population std).
        INDArray train = matrix(new float[][] {{1, 8}, {3, 12}, {1, 12}, {3, 8}});
        INDArray other = matrix(new float[][] {{102, 10}, {2, 1010}});

        FeatureStandardiser standardiser = FeatureStandardiser.fit(train);
        standardiser.applyInPlace(other);

        assertArrayEquals(new float[] {2, 10}, standardiser.mean().toFloatVector(), 1e-6f);
        assertArrayEquals(new float[] {1, 0.5f}, standardiser.inverseStd().toFloatVector(),
                1e-6f);
        // The other rows are standardised with the training statistics, not their own.
        assertArrayEquals(new float[] {100, 0, 0, 500}, other.reshape(4).toFloatVector(),
                1e-4f);
    }

    @Test
    void statisticsCanComeFromSelectedRows() {
        // Rows 1 and 3 are the only fitted ones: mean (2, 6), population std (1, 2).
        INDArray features = matrix(new float[][] {{100, -50}, {1, 4}, {-70, 9}, {3, 8}});

        FeatureStandardiser standardiser = FeatureStandardiser.fit(features, new int[] {1, 3});

        assertArrayEquals(new float[] {2, 6}, standardiser.mean().toFloatVector(), 1e-6f);
        assertArrayEquals(new float[] {1, 0.5f}, standardiser.inverseStd().toFloatVector(),
                1e-6f);
    }

    @Test
    void constantFeatureIsCentredNotDividedByZero() {
        INDArray train = matrix(new float[][] {{5, 1}, {5, 3}});

        INDArray standardised = FeatureStandardiser.fit(train).applyInPlace(train);

        assertArrayEquals(new float[] {0, -1, 0, 1}, standardised.reshape(4).toFloatVector(),
                1e-6f);
    }
}
