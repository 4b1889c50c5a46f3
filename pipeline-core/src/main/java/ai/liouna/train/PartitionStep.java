package ai.liouna.train;

import ai.liouna.data.ChannelStats;
import ai.liouna.data.ImageBlock;
import ai.liouna.model.Backbone;
import ai.liouna.rule.LocalRule;
import ai.liouna.rule.LocalUpdate;
import ai.liouna.rule.LocalUpdates;
import ai.liouna.rule.RandomKey;

/**
 * The work one partition does for one step: normalise its share of the batch and sum the rule's
 * updates over chunks of at most {@code chunkSize} images. Spark executors and single-process
 * training both call this, so they compute the same thing.
 */
public final class PartitionStep {

    private PartitionStep() {
    }

    /** The random key of a partition's masks at a global step. */
    public static RandomKey maskKey(long seed, long globalStep, int partition) {
        return RandomKey.of(seed, 0x6D61736BL, globalStep, partition);
    }

    public static LocalUpdate compute(LocalRule rule, Backbone backbone, ImageBlock images,
                                      int[] indices, ChannelStats stats, int chunkSize,
                                      RandomKey key) {
        LocalUpdate total = LocalUpdates.shapedFor(backbone, rule.trainedBlocks());
        for (int start = 0, chunk = 0; start < indices.length; start += chunkSize, chunk++) {
            int end = Math.min(indices.length, start + chunkSize);
            int[] chunkIndices = java.util.Arrays.copyOfRange(indices, start, end);
            LocalUpdate update = rule.computeUpdate(backbone, images.batch(chunkIndices, stats),
                    key.derive(chunk));
            total.merge(update);
        }
        return total;
    }
}
