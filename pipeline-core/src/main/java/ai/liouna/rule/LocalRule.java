package ai.liouna.rule;

import java.io.Serializable;

import ai.liouna.model.Backbone;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer-local learning rule, split along the data-parallel protocol: workers compute summed
 * updates from their share of a batch ({@link #computeUpdate}), the sums of all workers are
 * merged, and one {@link #apply} turns the merged sums into a step. Running both on one worker
 * with the whole batch is ordinary single-process training.
 */
public interface LocalRule extends Serializable {

    /** A short name for logs and summaries, e.g. {@code liouna}. */
    String name();

    /** The blocks this rule updates; the others it leaves untouched. */
    TrainedBlocks trainedBlocks();

    /**
     * Brings the trained blocks' starting weights onto the rule's constraint set, before step
     * 0; frozen blocks are left as they are.
     */
    void prepare(Backbone backbone);

    /**
     * The summed update of one (micro-)batch, with empty entries for frozen blocks. Must not
     * modify the backbone. All randomness comes from {@code key}, so the same inputs and key
     * always give the same update, and a block's update does not depend on which other blocks
     * train.
     *
     * @param images normalised images [n, channels, height, width]
     */
    LocalUpdate computeUpdate(Backbone backbone, INDArray images, RandomKey key);

    /** Applies the merged update of one step to the trained blocks, in place. */
    void apply(Backbone backbone, LocalUpdate merged);
}
