package ai.liouna.train;

import java.util.List;
import java.util.function.Consumer;

import ai.liouna.data.ChannelStats;
import ai.liouna.data.ImageBlock;
import ai.liouna.model.Backbone;
import ai.liouna.model.NeuronNorms;
import ai.liouna.rule.LocalRule;
import ai.liouna.rule.LocalUpdate;
import ai.liouna.rule.LocalUpdates;

/**
 * Trains a backbone with a local rule in one process, over data split into partitions exactly
 * as the Spark job splits it: per step, every partition's update is computed with
 * {@link PartitionStep}, the updates are merged in partition order and applied once. With one
 * partition this is ordinary single-process training; with the partitions of a Spark run it
 * is that run's reference.
 */
public final class LocalTrainer {

    private final LocalRule rule;
    private final Backbone backbone;
    private final ChannelStats stats;
    private final int batchSize;
    private final int chunkSize;
    private final long seed;

    public LocalTrainer(LocalRule rule, Backbone backbone, ChannelStats stats, int batchSize,
                        int chunkSize, long seed) {
        this.rule = rule;
        this.backbone = backbone;
        this.stats = stats;
        this.batchSize = batchSize;
        this.chunkSize = chunkSize;
        this.seed = seed;
    }

    /** Runs one epoch; returns the next global step. */
    public long trainEpoch(List<ImageBlock> partitions, int epoch, long firstGlobalStep,
                           Consumer<StepMetrics> listener) {
        EpochPlan plan = new EpochPlan(sizes(partitions), batchSize, seed, epoch);
        long globalStep = firstGlobalStep;
        for (int step = 0; step < plan.steps(); step++, globalStep++) {
            long start = System.nanoTime();
            LocalUpdate merged = LocalUpdates.shapedFor(backbone, rule.trainedBlocks());
            for (int partition = 0; partition < partitions.size(); partition++) {
                merged.merge(PartitionStep.compute(rule, backbone, partitions.get(partition),
                        plan.indices(partition, step), stats, chunkSize,
                        PartitionStep.maskKey(seed, globalStep, partition)));
            }
            rule.apply(backbone, merged);
            double seconds = (System.nanoTime() - start) / 1e9;
            listener.accept(metrics(epoch, step, globalStep, merged, seconds, backbone));
        }
        return globalStep;
    }

    /**
     * The metrics of a step from its merged update and the backbone after the update; a frozen
     * block's loss is NaN (nothing was computed for it).
     */
    public static StepMetrics metrics(int epoch, int step, long globalStep, LocalUpdate merged,
                                      double seconds, Backbone backbone) {
        double[] loss = new double[merged.depth()];
        double[] norms = new double[merged.depth()];
        for (int block = 0; block < merged.depth(); block++) {
            loss[block] = merged.meanLoss(block);
            norms[block] = NeuronNorms.of(backbone.convolutionWeights(block))
                    .meanNumber().doubleValue();
        }
        return new StepMetrics(epoch, step, globalStep, merged.images(), seconds, loss, norms);
    }

    static long[] sizes(List<ImageBlock> partitions) {
        return partitions.stream().mapToLong(ImageBlock::size).toArray();
    }
}
