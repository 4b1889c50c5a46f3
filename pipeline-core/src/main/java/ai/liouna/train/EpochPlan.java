package ai.liouna.train;

import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

import ai.liouna.rule.RandomKey;
import ai.liouna.util.Permutations;

/**
 * Which images every partition contributes to every step of one epoch. Each partition shuffles
 * its own images with a key of (seed, epoch, partition) and cuts the permutation into one slice
 * per step, sized in proportion to the partition, so each step's batch is about
 * {@code batchSize} images in total and every image is seen once per epoch.
 *
 * <p>A pure function of its inputs: the driver and every executor, and a single-process run
 * over the same partitions, agree on every step's batch.
 */
public final class EpochPlan implements Serializable {

    private final long[] partitionSizes;
    private final int steps;
    private final long seed;
    private final int epoch;

    public EpochPlan(long[] partitionSizes, int batchSize, long seed, int epoch) {
        long total = Arrays.stream(partitionSizes).sum();
        if (batchSize < 1) {
            throw new IllegalArgumentException("pretrain.batchSize must be positive, got "
                    + batchSize);
        }
        if (total == 0) {
            throw new IllegalArgumentException("no images to train on: every partition is empty");
        }
        this.partitionSizes = partitionSizes.clone();
        this.steps = (int) Math.max(1, total / batchSize);
        this.seed = seed;
        this.epoch = epoch;
    }

    /** Steps in this epoch: the image count divided by the batch size, at least one. */
    public int steps() {
        return steps;
    }

    public int partitions() {
        return partitionSizes.length;
    }

    /** Indices into partition {@code partition}'s images that it contributes at {@code step}. */
    public int[] indices(int partition, int step) {
        if (step < 0 || step >= steps) {
            throw new IllegalArgumentException("step " + step + " is outside [0, " + steps + ")");
        }
        int size = (int) partitionSizes[partition];
        int from = (int) ((long) step * size / steps);
        int to = (int) ((long) (step + 1) * size / steps);
        int[] order = Permutations.shuffled(size,
                new SplittableRandom(RandomKey.of(seed, epoch, partition).seed()));
        return Arrays.copyOfRange(order, from, to);
    }
}
