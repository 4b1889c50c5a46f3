package ai.liouna.supervised;

import ai.liouna.train.EpochPlan;

/**
 * Where a supervised run's gradients and validation counts come from: partitions that each
 * hold part of the fitting images and of the held-out images. Implemented in process for tests
 * ({@link LocalPartitions}) and over Spark partitions by the {@code supervised} job; both merge
 * partitions in partition order, so they agree to float rounding.
 */
public interface DataParallelGradients {

    /** Fitting images per partition, in partition order. */
    long[] partitionSizes();

    /** The gradient summed over every partition's share of {@code step} of {@code plan}. */
    PartitionGradient gradient(float[] parameters, EpochPlan plan, int step);

    /** {correct, total} over the held-out images with {@code parameters}. */
    long[] validationCounts(float[] parameters);
}
