package ai.liouna.rule;

import ai.liouna.model.Backbone;

/** Creates empty {@link LocalUpdate}s shaped for a backbone. */
public final class LocalUpdates {

    private LocalUpdates() {
    }

    public static LocalUpdate shapedFor(Backbone backbone) {
        int depth = backbone.depth();
        int[] weightCounts = new int[depth];
        int[] inputChannels = new int[depth];
        for (int block = 0; block < depth; block++) {
            weightCounts[block] = (int) backbone.convolutionWeights(block).length();
            inputChannels[block] = backbone.spec().inputChannelsOf(block);
        }
        return new LocalUpdate(weightCounts, inputChannels);
    }
}
