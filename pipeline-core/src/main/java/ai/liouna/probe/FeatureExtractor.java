package ai.liouna.probe;

import ai.liouna.data.ChannelStats;
import ai.liouna.data.ImageBlock;
import ai.liouna.model.Backbone;
import ai.liouna.model.ModelSpec;
import ai.liouna.rule.StepWorkspace;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs images through a frozen backbone (inference mode) and pools every block's output into
 * readout features. Images go through in chunks, so memory stays bounded by the chunk size
 * whatever the number of images.
 */
public final class FeatureExtractor {

    private final Backbone backbone;
    /** The dataset's channel statistics, used to normalise pixels as in training. */
    private final ChannelStats channelStats;
    private final FeaturePooling pooling;
    /** Images per forward pass. */
    private final int chunkSize;
    /** Features per image of each block. */
    private final int[] dimensions;

    public FeatureExtractor(Backbone backbone, ChannelStats channelStats, FeaturePooling pooling,
                            int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("probe.chunkSize is " + chunkSize
                    + "; it must be at least 1");
        }
        this.backbone = backbone;
        this.channelStats = channelStats;
        this.pooling = pooling;
        this.chunkSize = chunkSize;
        this.dimensions = dimensions(backbone.spec(), pooling);
    }

    /** Features per image of each block of a backbone of {@code spec}. */
    public static int[] dimensions(ModelSpec spec, FeaturePooling pooling) {
        int[] dimensions = new int[spec.depth()];
        for (int block = 0; block < spec.depth(); block++) {
            int size = spec.outputResolutionOf(block);
            dimensions[block] = pooling.featureCount(spec.channels().get(block), size, size);
        }
        return dimensions;
    }

    /** The features of every image of {@code images}, in their order. */
    public ExtractedFeatures extract(ImageBlock images) {
        int count = images.size();
        float[][] values = new float[dimensions.length][];
        for (int block = 0; block < dimensions.length; block++) {
            values[block] = new float[Math.multiplyExact(count, dimensions[block])];
        }
        for (int from = 0; from < count; from += chunkSize) {
            int to = Math.min(count, from + chunkSize);
            // The workspace reuses one chunk's activations for the next instead of faulting in
            // fresh memory; pooled features are copied out to the heap before it closes.
            try (MemoryWorkspace workspace = StepWorkspace.open("feature-extraction")) {
                INDArray[] outputs = backbone.blockOutputs(
                        images.batch(ImageBlock.range(from, to), channelStats));
                for (int block = 0; block < dimensions.length; block++) {
                    float[] pooled = pooling.pool(outputs[block]);
                    System.arraycopy(pooled, 0, values[block], from * dimensions[block],
                            pooled.length);
                }
            }
        }
        return new ExtractedFeatures(images.ids(), images.labels(), dimensions.clone(), values);
    }
}
