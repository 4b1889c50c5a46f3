package ai.liouna.probe;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Some rows of a feature set, read a few at a time and standardised as they are read, so that
 * a probe never holds a standardised copy of a whole (multi-gigabyte) feature matrix.
 */
final class StandardisedRows {

    /** The full feature matrix the rows are taken from; never modified. */
    private final INDArray features;
    /** Indices into {@link #features} of the rows, position by position. */
    private final int[] rows;
    /** The label of each position. */
    private final int[] labels;
    private final FeatureStandardiser standardiser;

    StandardisedRows(FeatureSet set, int[] rows, FeatureStandardiser standardiser) {
        this.features = set.features();
        this.rows = rows.clone();
        this.labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = set.labels()[rows[i]];
        }
        this.standardiser = standardiser;
    }

    int size() {
        return rows.length;
    }

    int label(int position) {
        return labels[position];
    }

    /** The standardised rows at {@code positions}, as a new [positions, features] matrix. */
    INDArray read(int[] positions) {
        int[] selected = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            selected[i] = rows[positions[i]];
        }
        return standardiser.applyInPlace(Nd4j.pullRows(features, 1, selected));
    }

    /** The standardised rows at positions [from, to). */
    INDArray read(int from, int to) {
        int[] positions = new int[to - from];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = from + i;
        }
        return read(positions);
    }
}
