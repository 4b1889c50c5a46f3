package ai.liouna.jobs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import ai.liouna.data.ImageBlock;
import ai.liouna.model.Backbone;
import ai.liouna.rule.LocalUpdate;
import ai.liouna.train.EpochPlan;
import ai.liouna.train.LocalTrainer;
import ai.liouna.train.StepMetrics;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Periodic parameter averaging ("local" sync), once per round of K steps:
 * <ol>
 *   <li>broadcast: the driver broadcasts the current parameters;</li>
 *   <li>local steps: every partition takes K steps on its own share of each step's batch,
 *       applying the rule (SGD and renormalisation) to its private copy after each;</li>
 *   <li>average: the driver averages the partitions' parameters, weighted by the images each
 *       trained on, in partition order;</li>
 *   <li>project: the average of norm-c neurons is shorter than c, so every neuron is
 *       renormalised once more.</li>
 * </ol>
 * K times fewer synchronisations than {@link SynchronousSteps}, at the price of partitions
 * drifting apart within a round.
 */
final class PeriodicAveraging implements DataParallelProtocol {

    private final JavaSparkContext spark;
    private final JavaRDD<ImageBlock> data;
    private final PartitionWork work;
    private final int localSteps;

    PeriodicAveraging(JavaSparkContext spark, JavaRDD<ImageBlock> data, PartitionWork work,
                      int localSteps) {
        if (localSteps < 1) {
            throw new IllegalArgumentException("pretrain.localSteps must be at least 1, got "
                    + localSteps);
        }
        this.spark = spark;
        this.data = data;
        this.work = work;
        this.localSteps = localSteps;
    }

    @Override
    public int stepsPerRound() {
        return localSteps;
    }

    @Override
    public List<StepMetrics> train(Backbone backbone, EpochPlan plan, int epoch, int fromStep,
                                   int toStep, long firstGlobalStep) {
        long start = System.nanoTime();
        float[] roundStart = ExecutorBackbones.parametersOf(backbone);
        Broadcast<float[]> parameters = spark.broadcast(roundStart);
        List<RoundResult> results;
        try {
            results = data.mapPartitionsWithIndex(new LocalRound(work, parameters, plan,
                    fromStep, toStep, firstGlobalStep), true).collect();
        } finally {
            parameters.destroy();
        }
        average(backbone, roundStart, results);
        work.rule().prepare(backbone);
        double seconds = (System.nanoTime() - start) / 1e9 / (toStep - fromStep);
        List<StepMetrics> metrics = new ArrayList<>();
        for (int step = fromStep; step < toStep; step++) {
            LocalUpdate merged = null;
            for (RoundResult result : results) {
                if (!result.stepUpdates().isEmpty()) {
                    LocalUpdate update = result.stepUpdates().get(step - fromStep);
                    merged = merged == null ? update : merged.merge(update);
                }
            }
            metrics.add(LocalTrainer.metrics(epoch, step, firstGlobalStep + step - fromStep,
                    merged, seconds, backbone));
        }
        return metrics;
    }

    /**
     * The image-weighted mean of the partitions' parameters, taken as the round's start plus
     * the mean change: an entry no partition changed (a frozen block, a constant parameter)
     * keeps its exact bits instead of picking up the rounding of a weighted sum.
     */
    private static void average(Backbone backbone, float[] roundStart,
                                List<RoundResult> results) {
        long images = results.stream().mapToLong(RoundResult::images).sum();
        long[] shape = backbone.network().params().shape();
        INDArray origin = Nd4j.createFromArray(roundStart).reshape(shape);
        INDArray mean = origin.dup();
        for (RoundResult result : results) {
            if (result.images() > 0) {
                mean.addi(Nd4j.createFromArray(result.parameters()).reshape(shape).subi(origin)
                        .muli((double) result.images() / images));
            }
        }
        backbone.network().setParams(mean);
    }

    /** A partition's parameters after its local steps, and the losses of each step. */
    private record RoundResult(float[] parameters, long images, List<LocalUpdate> stepUpdates)
            implements Serializable {
    }

    /** The executor side of one round: K local steps on one partition. */
    private record LocalRound(PartitionWork work, Broadcast<float[]> parameters, EpochPlan plan,
                              int fromStep, int toStep, long firstGlobalStep)
            implements Function2<Integer, Iterator<ImageBlock>, Iterator<RoundResult>> {

        @Override
        public Iterator<RoundResult> call(Integer partition, Iterator<ImageBlock> blocks) {
            Backbone backbone = work.backbone(parameters.value());
            if (!blocks.hasNext()) {
                return List.of(new RoundResult(parameters.value(), 0, List.of())).iterator();
            }
            ImageBlock images = blocks.next();
            List<LocalUpdate> stepUpdates = new ArrayList<>();
            long trained = 0;
            for (int step = fromStep; step < toStep; step++) {
                LocalUpdate update = work.update(backbone, images, plan.indices(partition, step),
                        partition, firstGlobalStep + step - fromStep);
                if (update.images() > 0) {
                    work.rule().apply(backbone, update);
                }
                trained += update.images();
                stepUpdates.add(update.lossOnly());
            }
            return List.of(new RoundResult(ExecutorBackbones.parametersOf(backbone), trained,
                    stepUpdates)).iterator();
        }
    }
}
