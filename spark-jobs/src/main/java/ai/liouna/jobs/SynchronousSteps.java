package ai.liouna.jobs;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import ai.liouna.data.ImageBlock;
import ai.liouna.model.Backbone;
import ai.liouna.rule.LocalUpdate;
import ai.liouna.rule.LocalUpdates;
import ai.liouna.train.EpochPlan;
import ai.liouna.train.LocalTrainer;
import ai.liouna.train.StepMetrics;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * Step-synchronous data parallelism ("step" sync), once per mini-batch:
 * <ol>
 *   <li>broadcast: the driver broadcasts the current parameters;</li>
 *   <li>per-partition update: every partition sums the rule's update over its share of the
 *       batch;</li>
 *   <li>aggregate: the partition sums are merged on the driver in partition order, so the
 *       result does not depend on which task finished first;</li>
 *   <li>apply: the driver takes one step and renormalises every neuron.</li>
 * </ol>
 * With the same seed this equals {@link LocalTrainer} over the same partitions.
 */
final class SynchronousSteps implements DataParallelProtocol {

    private final JavaSparkContext spark;
    private final JavaRDD<ImageBlock> data;
    private final PartitionWork work;

    SynchronousSteps(JavaSparkContext spark, JavaRDD<ImageBlock> data, PartitionWork work) {
        this.spark = spark;
        this.data = data;
        this.work = work;
    }

    @Override
    public int stepsPerRound() {
        return 1;
    }

    @Override
    public List<StepMetrics> train(Backbone backbone, EpochPlan plan, int epoch, int fromStep,
                                   int toStep, long firstGlobalStep) {
        List<StepMetrics> metrics = new ArrayList<>();
        for (int step = fromStep; step < toStep; step++) {
            metrics.add(step(backbone, plan, epoch, step, firstGlobalStep + step - fromStep));
        }
        return metrics;
    }

    private StepMetrics step(Backbone backbone, EpochPlan plan, int epoch, int step,
                             long globalStep) {
        long start = System.nanoTime();
        Broadcast<float[]> parameters = spark.broadcast(ExecutorBackbones.parametersOf(backbone));
        try {
            List<LocalUpdate> updates = data.mapPartitionsWithIndex(
                    new PartitionTask(work, parameters, plan, step, globalStep), true).collect();
            LocalUpdate merged = LocalUpdates.shapedFor(backbone,
                    work.rule().trainedBlocks());
            updates.forEach(merged::merge);
            work.rule().apply(backbone, merged);
            double seconds = (System.nanoTime() - start) / 1e9;
            return LocalTrainer.metrics(epoch, step, globalStep, merged, seconds, backbone);
        } finally {
            parameters.destroy();
        }
    }

    /** The executor side of one step: one partition's summed update. */
    private record PartitionTask(PartitionWork work, Broadcast<float[]> parameters,
                                 EpochPlan plan, int step, long globalStep)
            implements Function2<Integer, Iterator<ImageBlock>, Iterator<LocalUpdate>> {

        @Override
        public Iterator<LocalUpdate> call(Integer partition, Iterator<ImageBlock> blocks) {
            Backbone backbone = work.backbone(parameters.value());
            ImageBlock images = blocks.hasNext() ? blocks.next() : work.emptyBlock();
            return List.of(work.update(backbone, images, plan.indices(partition, step),
                    partition, globalStep)).iterator();
        }
    }
}
