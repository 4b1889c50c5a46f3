package ai.liouna.rule;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What one worker contributes to one step of a local rule: per block, the un-normalised sum of
 * its weight gradient, its loss and how many output elements both were summed over, plus the
 * sums that update BatchNorm running statistics. Sums (not means) make the merge of partitions
 * exact: merging then dividing equals computing on the union of their batches.
 * A block the rule does not train (see {@link TrainedBlocks}) has empty arrays and no loss.
 *
 * <p>Plain arrays only, so it ships between Spark executors and the driver without ND4J.
 */
public final class LocalUpdate implements Serializable {

    private final float[][] gradientSums;
    private final double[] lossSums;
    private final long[] outputElements;
    private final double[][] inputSums;
    private final double[][] inputSquareSums;
    private final long[] inputElementsPerChannel;
    private long images;

    public LocalUpdate(int[] weightCounts, int[] inputChannels) {
        int depth = weightCounts.length;
        gradientSums = new float[depth][];
        inputSums = new double[depth][];
        inputSquareSums = new double[depth][];
        for (int block = 0; block < depth; block++) {
            gradientSums[block] = new float[weightCounts[block]];
            inputSums[block] = new double[inputChannels[block]];
            inputSquareSums[block] = new double[inputChannels[block]];
        }
        lossSums = new double[depth];
        outputElements = new long[depth];
        inputElementsPerChannel = new long[depth];
    }

    public int depth() {
        return gradientSums.length;
    }

    public float[] gradientSum(int block) {
        return gradientSums[block];
    }

    public double lossSum(int block) {
        return lossSums[block];
    }

    public long outputElements(int block) {
        return outputElements[block];
    }

    /** The mean local loss of a block over everything merged into this update. */
    public double meanLoss(int block) {
        return outputElements[block] == 0 ? Double.NaN : lossSums[block] / outputElements[block];
    }

    public long images() {
        return images;
    }

    public void addImages(long count) {
        images += count;
    }

    public void addLoss(int block, double lossSum, long elements) {
        lossSums[block] += lossSum;
        outputElements[block] += elements;
    }

    /** Per-channel sums of a block's (pre-BatchNorm) input, for its running statistics. */
    public void addInputMoments(int block, double[] sums, double[] squareSums, long perChannel) {
        for (int channel = 0; channel < sums.length; channel++) {
            inputSums[block][channel] += sums[channel];
            inputSquareSums[block][channel] += squareSums[channel];
        }
        inputElementsPerChannel[block] += perChannel;
    }

    public boolean hasInputMoments(int block) {
        return inputElementsPerChannel[block] > 0;
    }

    /** Per-channel mean of a block's input over everything merged into this update. */
    public double[] inputMean(int block) {
        double[] mean = inputSums[block].clone();
        for (int channel = 0; channel < mean.length; channel++) {
            mean[channel] /= inputElementsPerChannel[block];
        }
        return mean;
    }

    /** Per-channel unbiased variance of a block's input, as BatchNorm's running average uses. */
    public double[] inputVariance(int block) {
        double[] mean = inputMean(block);
        long n = inputElementsPerChannel[block];
        double[] variance = new double[mean.length];
        for (int channel = 0; channel < mean.length; channel++) {
            double biased = inputSquareSums[block][channel] / n - mean[channel] * mean[channel];
            variance[channel] = Math.max(0.0, biased) * n / Math.max(1, n - 1);
        }
        return variance;
    }

    /**
     * A copy that keeps the image count, losses and element counts but no gradients or moments:
     * what a worker reports about steps it has already applied itself. Merges only with other
     * loss-only updates.
     */
    public LocalUpdate lossOnly() {
        LocalUpdate copy = new LocalUpdate(new int[depth()], new int[depth()]);
        for (int block = 0; block < depth(); block++) {
            copy.addLoss(block, lossSums[block], outputElements[block]);
        }
        copy.addImages(images);
        return copy;
    }

    /** Adds {@code other} into this update (in place) and returns this. */
    public LocalUpdate merge(LocalUpdate other) {
        if (other.depth() != depth()) {
            throw new IllegalArgumentException("cannot merge updates of " + other.depth()
                    + " and " + depth() + " blocks");
        }
        for (int block = 0; block < depth(); block++) {
            float[] mine = gradientSums[block];
            float[] theirs = other.gradientSums[block];
            if (mine.length != theirs.length) {
                throw new IllegalArgumentException("cannot merge updates with " + theirs.length
                        + " and " + mine.length + " gradient entries in block " + block);
            }
            for (int i = 0; i < mine.length; i++) {
                mine[i] += theirs[i];
            }
            lossSums[block] += other.lossSums[block];
            outputElements[block] += other.outputElements[block];
            for (int channel = 0; channel < inputSums[block].length; channel++) {
                inputSums[block][channel] += other.inputSums[block][channel];
                inputSquareSums[block][channel] += other.inputSquareSums[block][channel];
            }
            inputElementsPerChannel[block] += other.inputElementsPerChannel[block];
        }
        images += other.images;
        return this;
    }

    @Override
    public String toString() {
        return "LocalUpdate{images=" + images + ", loss=" + Arrays.toString(lossSums) + "}";
    }
}
