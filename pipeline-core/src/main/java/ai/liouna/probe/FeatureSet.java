package ai.liouna.probe;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Labelled feature vectors: one row of {@code features} per image, its class index and its
 * image id. A probe orders rows by id, so its result does not depend on the order in which
 * the rows were gathered (for example, on how many Spark partitions they came from).
 *
 * @param features [images, features] float matrix in row-major order
 * @param labels   class index of each row, in [0, classes)
 * @param ids      the id of each row's image, unique within the set
 */
public record FeatureSet(INDArray features, int[] labels, long[] ids) {

    public FeatureSet {
        if (features.rank() != 2 || features.size(0) != labels.length
                || ids.length != labels.length) {
            throw new IllegalArgumentException("a feature set needs an [images, features] matrix"
                    + " with one label and one id per row; got shape "
                    + Arrays.toString(features.shape()) + ", " + labels.length + " labels and "
                    + ids.length + " ids");
        }
        if (features.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("features must be FLOAT, got "
                    + features.dataType());
        }
    }

    /** Rows whose ids are their positions. */
    public FeatureSet(INDArray features, int[] labels) {
        this(features, labels, positions(labels.length));
    }

    private static long[] positions(int rows) {
        long[] ids = new long[rows];
        Arrays.setAll(ids, i -> i);
        return ids;
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

    /** Row indices ordered by image id (ties, which ids should not have, by position). */
    public int[] rowsInIdOrder() {
        return IntStream.range(0, ids.length).boxed()
                .sorted(Comparator.comparingLong((Integer row) -> ids[row])
                        .thenComparingInt(row -> row))
                .mapToInt(Integer::intValue).toArray();
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
