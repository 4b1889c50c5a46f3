package ai.liouna.jobs;

import java.util.List;

import ai.liouna.model.Backbone;
import ai.liouna.train.EpochPlan;
import ai.liouna.train.StepMetrics;

/** How the workers' work on one range of steps becomes the driver's new parameters. */
interface DataParallelProtocol {

    /**
     * Trains steps {@code [fromStep, toStep)} of an epoch, updating {@code backbone} in place.
     *
     * @return one entry per step
     */
    List<StepMetrics> train(Backbone backbone, EpochPlan plan, int epoch, int fromStep,
                            int toStep, long firstGlobalStep);

    /** The most steps one call should cover: 1 when every step synchronises. */
    int stepsPerRound();
}
