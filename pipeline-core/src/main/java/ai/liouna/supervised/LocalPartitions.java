package ai.liouna.supervised;

import java.util.List;

import ai.liouna.data.ChannelStats;
import ai.liouna.data.ImageBlock;
import ai.liouna.train.EpochPlan;

/**
 * {@link DataParallelGradients} over partitions held in this process, computed one after the
 * other on a worker copy of the model: the reference the Spark protocol is tested against.
 */
public final class LocalPartitions implements DataParallelGradients {

    private final List<ImageBlock> fit;
    private final List<ImageBlock> validation;
    private final SupervisedModel worker;
    private final ChannelStats stats;
    private final int chunkSize;

    /**
     * @param fit        each partition's fitting images
     * @param validation each partition's held-out images (any number of partitions)
     * @param model      the model being trained; a copy computes the gradients
     */
    public LocalPartitions(List<ImageBlock> fit, List<ImageBlock> validation,
                           SupervisedModel model, ChannelStats stats, int chunkSize) {
        this.fit = List.copyOf(fit);
        this.validation = List.copyOf(validation);
        this.worker = SupervisedModel.fromConfiguration(model.configurationJson(),
                model.backboneParameterCount(), model.classes());
        this.stats = stats;
        this.chunkSize = chunkSize;
    }

    @Override
    public long[] partitionSizes() {
        return fit.stream().mapToLong(ImageBlock::size).toArray();
    }

    @Override
    public PartitionGradient gradient(float[] parameters, EpochPlan plan, int step) {
        worker.setParameters(parameters);
        PartitionGradient merged = PartitionGradient.empty(parameters.length);
        for (int partition = 0; partition < fit.size(); partition++) {
            merged.merge(worker.gradient(fit.get(partition), plan.indices(partition, step),
                    stats, chunkSize));
        }
        return merged;
    }

    @Override
    public long[] validationCounts(float[] parameters) {
        worker.setParameters(parameters);
        long correct = 0;
        long total = 0;
        for (ImageBlock block : validation) {
            correct += worker.correct(block, stats, chunkSize);
            total += block.size();
        }
        return new long[] {correct, total};
    }
}
