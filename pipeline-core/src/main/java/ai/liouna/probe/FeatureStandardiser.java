package ai.liouna.probe;

import java.util.Arrays;

import ai.liouna.rule.StepWorkspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Per-feature standardisation, (x - mean) / std, with statistics taken from the rows it is fitted
 * on and then applied unchanged to any other rows. A probe fits it on its training rows only, so
 * nothing about validation or test images leaks into the readout.
 */
public final class FeatureStandardiser {

    /** Below this standard deviation a feature counts as constant and is only centred. */
    static final double MIN_STD = 1e-6;
    /** Rows gathered per matrix-vector product while fitting; bounds temporary memory. */
    private static final int CHUNK_ROWS = 1024;

    /** Mean of each feature over the fitted rows, [1, features]. */
    private final INDArray mean;
    /** 1 / std of each feature over the fitted rows (1 for constant features), [1, features]. */
    private final INDArray inverseStd;

    private FeatureStandardiser(INDArray mean, INDArray inverseStd) {
        this.mean = mean;
        this.inverseStd = inverseStd;
    }

    /** Statistics of all rows of {@code features} [images, features]. */
    public static FeatureStandardiser fit(INDArray features) {
        int[] all = new int[(int) features.size(0)];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return fit(features, all);
    }

    /**
     * Statistics of the rows {@code rows} of {@code features}, without copying them: column
     * sums are matrix-vector products over chunks of rows, and the variance is taken around
     * the mean in a second pass (not as E[x^2] - mean^2, which cancels badly in float).
     */
    public static FeatureStandardiser fit(INDArray features, int[] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot standardise with statistics of zero rows");
        }
        INDArray mean = columnSums(features, rows, null).divi(rows.length);
        INDArray variance = columnSums(features, rows, mean).divi(rows.length);
        INDArray std = Transforms.sqrt(variance, false);
        INDArray constant = std.lt(MIN_STD).castTo(DataType.FLOAT);
        return new FeatureStandardiser(mean, Transforms.pow(std.addi(constant), -1, false));
    }

    /** Column sums of the rows, or of their squared deviations from {@code centre} if given. */
    private static INDArray columnSums(INDArray features, int[] rows, INDArray centre) {
        INDArray sums = Nd4j.zeros(DataType.FLOAT, 1, features.size(1));
        INDArray ones = Nd4j.ones(DataType.FLOAT, 1, Math.min(CHUNK_ROWS, rows.length));
        for (int from = 0; from < rows.length; from += CHUNK_ROWS) {
            int to = Math.min(rows.length, from + CHUNK_ROWS);
            try (MemoryWorkspace workspace = StepWorkspace.open("standardiser-fit")) {
                INDArray chunk = Nd4j.pullRows(features, 1, Arrays.copyOfRange(rows, from, to));
                if (centre != null) {
                    chunk.subiRowVector(centre);
                    chunk.muli(chunk);
                }
                sums.addi(ones.get(NDArrayIndex.all(), NDArrayIndex.interval(0, to - from))
                        .mmul(chunk));
            }
        }
        return sums;
    }

    /** Standardises {@code features} in place and returns it. */
    public INDArray applyInPlace(INDArray features) {
        return features.subiRowVector(mean).muliRowVector(inverseStd);
    }

    /** The per-feature means, [1, features] (a copy). */
    public INDArray mean() {
        return mean.dup();
    }

    /** The per-feature 1 / std, [1, features] (a copy). */
    public INDArray inverseStd() {
        return inverseStd.dup();
    }
}
