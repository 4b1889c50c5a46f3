package ai.liouna.jobs;

import java.util.Iterator;
import java.util.List;

import ai.liouna.data.ChannelStats;
import ai.liouna.data.ImageBlock;
import ai.liouna.model.Backbone;
import ai.liouna.model.ModelSpec;
import ai.liouna.rule.LocalRule;
import ai.liouna.rule.LocalUpdate;
import ai.liouna.rule.LocalUpdates;
import ai.liouna.train.EpochPlan;
import ai.liouna.train.LocalTrainer;
import ai.liouna.train.PartitionStep;
import ai.liouna.train.StepMetrics;
import ai.liouna.util.ComputeThreads;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * Step-synchronous data parallelism, once per mini-batch:
 * <ol>
 *   <li>broadcast: the driver broadcasts the current parameters;</li>
 *   <li>per-partition update: every partition sums the rule's update over its share of the
 *       batch ({@link PartitionStep});</li>
 *   <li>aggregate: the partition sums are merged on the driver in partition order, so the
 *       result does not depend on which task finished first;</li>
 *   <li>apply: the driver takes one step and renormalises every neuron.</li>
 * </ol>
 * With the same seed this equals {@link LocalTrainer} over the same partitions.
 */
final class SynchronousSteps {

    private final JavaSparkContext spark;
    private final JavaRDD<ImageBlock> data;
    private final LocalRule rule;
    private final ModelSpec spec;
    private final ChannelStats stats;
    private final int chunkSize;
    private final long seed;
    private final int threadsPerTask;

    SynchronousSteps(JavaSparkContext spark, JavaRDD<ImageBlock> data, LocalRule rule,
                     ModelSpec spec, ChannelStats stats, int chunkSize, long seed,
                     int threadsPerTask) {
        this.spark = spark;
        this.data = data;
        this.rule = rule;
        this.spec = spec;
        this.stats = stats;
        this.chunkSize = chunkSize;
        this.seed = seed;
        this.threadsPerTask = threadsPerTask;
    }

    /** Runs one step on {@code backbone} (updated in place) and returns its metrics. */
    StepMetrics step(Backbone backbone, EpochPlan plan, int epoch, int step, long globalStep) {
        long start = System.nanoTime();
        Broadcast<float[]> parameters = spark.broadcast(ExecutorBackbones.parametersOf(backbone));
        try {
            List<LocalUpdate> updates = data.mapPartitionsWithIndex(new PartitionTask(rule, spec,
                    stats, chunkSize, seed, threadsPerTask, parameters, plan, step, globalStep),
                    true).collect();
            LocalUpdate merged = LocalUpdates.shapedFor(backbone);
            updates.forEach(merged::merge);
            rule.apply(backbone, merged);
            double seconds = (System.nanoTime() - start) / 1e9;
            return LocalTrainer.metrics(epoch, step, globalStep, merged, seconds, backbone);
        } finally {
            parameters.destroy();
        }
    }

    /** The executor side of one step: one partition's summed update. */
    private static final class PartitionTask
            implements Function2<Integer, Iterator<ImageBlock>, Iterator<LocalUpdate>> {

        private final LocalRule rule;
        private final ModelSpec spec;
        private final ChannelStats stats;
        private final int chunkSize;
        private final long seed;
        private final int threadsPerTask;
        private final Broadcast<float[]> parameters;
        private final EpochPlan plan;
        private final int step;
        private final long globalStep;

        PartitionTask(LocalRule rule, ModelSpec spec, ChannelStats stats, int chunkSize,
                      long seed, int threadsPerTask, Broadcast<float[]> parameters,
                      EpochPlan plan, int step, long globalStep) {
            this.rule = rule;
            this.spec = spec;
            this.stats = stats;
            this.chunkSize = chunkSize;
            this.seed = seed;
            this.threadsPerTask = threadsPerTask;
            this.parameters = parameters;
            this.plan = plan;
            this.step = step;
            this.globalStep = globalStep;
        }

        @Override
        public Iterator<LocalUpdate> call(Integer partition, Iterator<ImageBlock> blocks) {
            ComputeThreads.configure(threadsPerTask);
            Backbone backbone = ExecutorBackbones.withParameters(spec, parameters.value());
            ImageBlock images = blocks.hasNext() ? blocks.next()
                    : new ImageBlock(spec.inputChannels(), spec.imageSize(), spec.imageSize(),
                            new long[0], new int[0], new byte[0]);
            LocalUpdate update = PartitionStep.compute(rule, backbone, images,
                    plan.indices(partition, step), stats, chunkSize,
                    PartitionStep.maskKey(seed, globalStep, partition));
            return List.of(update).iterator();
        }
    }
}
