package ai.liouna.rule;

import ai.liouna.model.Backbone;

/** Creates empty {@link LocalUpdate}s shaped for a backbone. */
public final class LocalUpdates {

    private LocalUpdates() {
    }

    public static LocalUpdate shapedFor(Backbone backbone) {
        return shapedFor(backbone, TrainedBlocks.all());
    }

    /** Frozen blocks get empty entries, so their (zero) updates are neither sent nor merged. */
    public static LocalUpdate shapedFor(Backbone backbone, TrainedBlocks trained) {
        int depth = backbone.depth();
        int[] weightCounts = new int[depth];
        int[] inputChannels = new int[depth];
        for (int block = 0; block < depth; block++) {
            if (trained.includes(block)) {
                weightCounts[block] = (int) backbone.convolutionWeights(block).length();
                inputChannels[block] = backbone.spec().inputChannelsOf(block);
            }
        }
        return new LocalUpdate(weightCounts, inputChannels);
    }
}
