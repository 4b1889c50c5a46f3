package ai.liouna.jobs;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import ai.liouna.data.ChannelStats;
import ai.liouna.data.ImageBlock;
import ai.liouna.supervised.DataParallelGradients;
import ai.liouna.supervised.LocalPartitions;
import ai.liouna.supervised.PartitionGradient;
import ai.liouna.supervised.SupervisedModel;
import ai.liouna.train.EpochPlan;
import ai.liouna.util.ComputeThreads;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervised gradients over Spark partitions, one synchronous step at a time:
 * <ol>
 *   <li>broadcast: the driver broadcasts the current parameters;</li>
 *   <li>per-partition gradient: every partition sums the loss gradient over its share of the
 *       batch;</li>
 *   <li>aggregate: the sums are collected and merged on the driver in partition order, so the
 *       result does not depend on which task finished first and equals
 *       {@link LocalPartitions} over the same partitions;</li>
 *   <li>apply: the trainer takes one Adam step on the driver.</li>
 * </ol>
 * Deeplearning4j's own Spark trainer (dl4j-spark_2.12 1.0.0-M2) is built against Spark 3.1.2
 * and ND4J 1.0.0-M2, which do not run with this project's Spark 3.5 and ND4J 1.0.0-M2.1, so
 * the protocol is written here on plain RDDs.
 */
final class SparkGradients implements DataParallelGradients {

    private static final Logger LOG = LoggerFactory.getLogger(SparkGradients.class);
    /** The console progress line is written at most this often. */
    private static final long PROGRESS_NANOS = 10_000_000_000L;

    private final JobContext context;
    private final JavaRDD<ImageBlock> fit;
    private final JavaRDD<ImageBlock> validation;
    private final Broadcast<ModelRecipe> recipe;
    private final TaskSettings task;
    private final long[] sizes;
    private int epoch;
    private long lastProgress = System.nanoTime();

    /**
     * @param fit        one block of fitting images per partition, cached
     * @param validation held-out images, cached
     */
    SparkGradients(JobContext context, JavaRDD<ImageBlock> fit, JavaRDD<ImageBlock> validation,
                   SupervisedModel model, ChannelStats stats, int chunkSize, int threads) {
        this.context = context;
        this.fit = fit;
        this.validation = validation;
        this.recipe = context.sparkContext().broadcast(new ModelRecipe(
                model.configurationJson(), model.backboneParameterCount(), model.classes()));
        this.task = new TaskSettings(stats, chunkSize, threads);
        context.describe("count the fitting images of each partition");
        this.sizes = fit.map(block -> (long) block.size()).collect().stream()
                .mapToLong(Long::longValue).toArray();
    }

    @Override
    public long[] partitionSizes() {
        return sizes.clone();
    }

    @Override
    public PartitionGradient gradient(float[] parameters, EpochPlan plan, int step) {
        if (step == 0) {
            epoch++;
        }
        context.describe(String.format("epoch %d, step %d/%d: gradient on %d partitions",
                epoch, step + 1, plan.steps(), plan.partitions()));
        long start = System.nanoTime();
        Broadcast<float[]> broadcast = context.sparkContext().broadcast(parameters);
        try {
            List<PartitionGradient> sums = fit.mapPartitionsWithIndex(
                    new GradientTask(recipe, broadcast, task, plan, step), true).collect();
            PartitionGradient merged = PartitionGradient.empty(parameters.length);
            sums.forEach(merged::merge);
            progress(plan, step, merged, System.nanoTime() - start);
            return merged;
        } finally {
            broadcast.destroy();
        }
    }

    /** DEBUG per step; INFO every {@link #PROGRESS_NANOS}, so long epochs show progress. */
    private void progress(EpochPlan plan, int step, PartitionGradient merged, long nanos) {
        String line = String.format("supervised: epoch %d step %d/%d | %.0f img/s | loss %.4f",
                epoch, step + 1, plan.steps(), merged.images() / (nanos / 1e9),
                merged.meanLoss());
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_NANOS) {
            lastProgress = now;
            LOG.info(line);
        } else {
            LOG.debug(line);
        }
    }

    @Override
    public long[] validationCounts(float[] parameters) {
        context.describe("epoch " + epoch + ": validation top-1");
        return counts(validation, parameters);
    }

    /** {correct, total} over every image of {@code images} with {@code parameters}. */
    long[] counts(JavaRDD<ImageBlock> images, float[] parameters) {
        Broadcast<float[]> broadcast = context.sparkContext().broadcast(parameters);
        try {
            List<long[]> parts = images.map(new CountTask(recipe, broadcast, task)).collect();
            long[] total = new long[2];
            for (long[] part : parts) {
                total[0] += part[0];
                total[1] += part[1];
            }
            return total;
        } finally {
            broadcast.destroy();
        }
    }

    void release() {
        recipe.destroy();
    }

    /** What rebuilds the driver's model on an executor: its layers and parameter layout. */
    record ModelRecipe(String configurationJson, long backboneParameters, int classes)
            implements Serializable {
    }

    /** The small values every task needs; the model and parameters travel as broadcasts. */
    record TaskSettings(ChannelStats stats, int chunkSize, int threads) implements Serializable {

        /** This thread's model for {@code recipe}, holding exactly {@code parameters}. */
        SupervisedModel model(ModelRecipe recipe, float[] parameters) {
            ComputeThreads.configure(threads);
            SupervisedModel model = ExecutorModels.CACHE.get().computeIfAbsent(recipe,
                    key -> SupervisedModel.fromConfiguration(key.configurationJson(),
                            key.backboneParameters(), key.classes()));
            model.setParameters(parameters);
            return model;
        }
    }

    /**
     * One model per executor thread and recipe, reused across steps: building the network
     * costs far more than setting the step's parameters.
     */
    private static final class ExecutorModels {
        static final ThreadLocal<Map<ModelRecipe, SupervisedModel>> CACHE =
                ThreadLocal.withInitial(HashMap::new);
    }

    /** The executor side of one step: one partition's gradient sum. */
    private record GradientTask(Broadcast<ModelRecipe> recipe, Broadcast<float[]> parameters,
                                TaskSettings task, EpochPlan plan, int step)
            implements Function2<Integer, Iterator<ImageBlock>, Iterator<PartitionGradient>> {

        @Override
        public Iterator<PartitionGradient> call(Integer partition, Iterator<ImageBlock> blocks) {
            SupervisedModel model = task.model(recipe.value(), parameters.value());
            if (!blocks.hasNext()) {
                return List.of(PartitionGradient.empty(parameters.value().length)).iterator();
            }
            return List.of(model.gradient(blocks.next(), plan.indices(partition, step),
                    task.stats(), task.chunkSize())).iterator();
        }
    }

    /** The executor side of an evaluation: {correct, total} of one partition. */
    private record CountTask(Broadcast<ModelRecipe> recipe, Broadcast<float[]> parameters,
                             TaskSettings task)
            implements Function<ImageBlock, long[]> {

        @Override
        public long[] call(ImageBlock images) {
            SupervisedModel model = task.model(recipe.value(), parameters.value());
            return new long[] {model.correct(images, task.stats(), task.chunkSize()),
                images.size()};
        }
    }
}
