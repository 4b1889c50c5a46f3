package ai.liouna.probe;

import java.util.Arrays;

import ai.liouna.rule.StepWorkspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The features of one whole split, per block, assembled from {@link ExtractedFeatures} parts in
 * the order they are appended. The matrices live off the Java heap; {@link #release()} frees
 * them as soon as the probes are done.
 */
public final class SplitFeatures {

    /** Per block, the [images, features] matrix being filled. */
    private final INDArray[] matrices;
    private final int[] dimensions;
    private final int[] labels;
    private final long[] ids;
    /** Rows filled so far. */
    private int filled;

    /** Room for {@code images} images of {@code dimensions[block]} features per block. */
    public SplitFeatures(int images, int[] dimensions) {
        this.dimensions = dimensions.clone();
        this.labels = new int[images];
        this.ids = new long[images];
        this.matrices = new INDArray[dimensions.length];
        for (int block = 0; block < dimensions.length; block++) {
            matrices[block] = Nd4j.createUninitializedDetached(DataType.FLOAT, 'c', images,
                    dimensions[block]);
        }
    }

    /** Copies {@code part}'s rows after those appended before. */
    public void append(ExtractedFeatures part) {
        if (!Arrays.equals(part.dimensions(), dimensions)) {
            throw new IllegalArgumentException("features of block dimensions "
                    + Arrays.toString(part.dimensions()) + " do not match "
                    + Arrays.toString(dimensions));
        }
        if (filled + part.size() > labels.length) {
            throw new IllegalStateException("received more than the " + labels.length
                    + " images these split features were sized for");
        }
        for (int block = 0; block < dimensions.length && part.size() > 0; block++) {
            try (MemoryWorkspace workspace = StepWorkspace.open("split-features")) {
                INDArray rows = Nd4j.create(part.values()[block],
                        new long[] {part.size(), dimensions[block]}, 'c');
                matrices[block].get(NDArrayIndex.interval(filled, filled + part.size()),
                        NDArrayIndex.all()).assign(rows);
            }
        }
        System.arraycopy(part.labels(), 0, labels, filled, part.size());
        System.arraycopy(part.ids(), 0, ids, filled, part.size());
        filled += part.size();
    }

    public int size() {
        return labels.length;
    }

    /** Rows appended so far. */
    public int filled() {
        return filled;
    }

    public int blocks() {
        return dimensions.length;
    }

    /** The features of block {@code block} (from 0); the split must be complete. */
    public FeatureSet block(int block) {
        if (filled != labels.length) {
            throw new IllegalStateException("split features hold " + filled + " of "
                    + labels.length + " images");
        }
        return new FeatureSet(matrices[block], labels, ids);
    }

    /** Frees the off-heap matrices now instead of at garbage collection. */
    public void release() {
        for (INDArray matrix : matrices) {
            if (matrix.closeable()) {
                matrix.close();
            }
        }
    }
}
