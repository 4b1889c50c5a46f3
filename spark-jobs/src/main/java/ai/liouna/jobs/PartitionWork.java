package ai.liouna.jobs;

import java.io.Serializable;

import ai.liouna.data.ChannelStats;
import ai.liouna.data.ImageBlock;
import ai.liouna.model.Backbone;
import ai.liouna.model.ModelSpec;
import ai.liouna.rule.LocalRule;
import ai.liouna.rule.LocalUpdate;
import ai.liouna.train.PartitionStep;
import ai.liouna.util.ComputeThreads;

/**
 * What every executor task of a pretraining run needs, shipped in its closure: the rule, the
 * model spec, the normalisation, the chunk size, the seed, the thread budget and the fault
 * plan. All small; the parameters travel separately, as a broadcast. The GPU, if any, is the
 * one Spark gave the task, read on the executor.
 */
record PartitionWork(LocalRule rule, ModelSpec spec, ChannelStats stats, int chunkSize, long seed,
                     int threadsPerTask, FaultPlan faults) implements Serializable {

    /**
     * This thread's backbone holding {@code parameters}, with ND4J's threads capped and, when
     * Spark gave the task a GPU, on that GPU.
     */
    Backbone backbone(float[] parameters) {
        ComputeThreads.configure(threadsPerTask);
        int device = TaskDevice.use().device().orElse(ExecutorBackbones.NO_DEVICE);
        return ExecutorBackbones.withParameters(spec, device, parameters);
    }

    /** One partition's summed update for one step. */
    LocalUpdate update(Backbone backbone, ImageBlock images, int[] indices, int partition,
                       long globalStep) {
        faults.beforeTask(globalStep, partition);
        return PartitionStep.compute(rule, backbone, images, indices, stats, chunkSize,
                PartitionStep.maskKey(seed, globalStep, partition));
    }

    ImageBlock emptyBlock() {
        return new ImageBlock(spec.inputChannels(), spec.imageSize(), spec.imageSize(),
                new long[0], new int[0], new byte[0]);
    }
}
