package ai.liouna.probe;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Labelled feature vectors: one row of {@code features} per image, and its class index.
 *
 * @param features [images, features] float matrix in row-major order
 * @param labels   class index of each row, in [0, classes)
 */
public record FeatureSet(INDArray features, int[] labels) {

    public FeatureSet {
        if (features.rank() != 2 || features.size(0) != labels.length) {
            throw new IllegalArgumentException("a feature set needs an [images, features] matrix"
                    + " with one row per label; got shape " + Arrays.toString(features.shape())
                    + " and " + labels.length + " labels");
        }
        if (features.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("features must be FLOAT, got "
                    + features.dataType());
        }
    }

    /** Wraps a row-major [labels.length, dimension] array (copied off-heap). */
    public static FeatureSet of(float[] rowMajor, int dimension, int[] labels) {
        if ((long) labels.length * dimension != rowMajor.length) {
            throw new IllegalArgumentException(rowMajor.length + " feature values do not make "
                    + labels.length + " rows of " + dimension);
        }
        INDArray features = Nd4j.create(rowMajor, new long[] {labels.length, dimension}, 'c');
        return new FeatureSet(features, labels);
    }

    public int size() {
        return labels.length;
    }

    public int dimension() {
        return (int) features.size(1);
    }

    /** Fails unless every label is a class index below {@code classes}. */
    public void checkLabels(int classes, String description) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException(description + " row " + i + " has label "
                        + labels[i] + ", outside [0, " + classes + "); a linear probe needs"
                        + " labelled images: use a labelled split");
            }
        }
    }
}
