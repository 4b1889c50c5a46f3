package ai.liouna.supervised;

import java.io.Serializable;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss gradient summed over some images, with the summed loss and the image count: what a
 * partition sends to the driver in a data-parallel step. Sums, not means, so partitions of any
 * size merge into exactly the gradient of their union.
 */
public final class PartitionGradient implements Serializable {

    private final float[] gradient;
    private double lossSum;
    private long images;

    private PartitionGradient(float[] gradient, double lossSum, long images) {
        this.gradient = gradient;
        this.lossSum = lossSum;
        this.images = images;
    }

    public static PartitionGradient empty(long parameters) {
        return new PartitionGradient(new float[Math.toIntExact(parameters)], 0, 0);
    }

    /**
     * Adds one pass's gradient (a sum over its images), its summed loss and its image count;
     * the entries at {@code perPass} are per-pass values and are added image-weighted.
     */
    void add(INDArray chunkGradient, double chunkLoss, long chunkImages, int[] perPass) {
        float[] values = chunkGradient.dup().data().asFloat();
        for (int index : perPass) {
            values[index] *= chunkImages;
        }
        for (int i = 0; i < values.length; i++) {
            gradient[i] += values[i];
        }
        lossSum += chunkLoss;
        images += chunkImages;
    }

    /** Adds {@code other} into this one; the driver merges partitions in partition order. */
    public PartitionGradient merge(PartitionGradient other) {
        for (int i = 0; i < gradient.length; i++) {
            gradient[i] += other.gradient[i];
        }
        lossSum += other.lossSum;
        images += other.images;
        return this;
    }

    public float[] gradient() {
        return gradient;
    }

    public long images() {
        return images;
    }

    /** Mean cross-entropy over the images; NaN when there were none. */
    public double meanLoss() {
        return images == 0 ? Double.NaN : lossSum / images;
    }
}
