package ai.liouna.jobs;

import ai.liouna.data.ChannelStats;
import ai.liouna.data.ImageBlock;
import ai.liouna.model.BackboneParameters;
import ai.liouna.probe.ExtractedFeatures;
import ai.liouna.probe.FeatureExtractor;
import ai.liouna.probe.FeaturePooling;
import ai.liouna.util.ComputeThreads;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor side of feature extraction: rebuilds the broadcast backbone (on the task's GPU
 * when Spark gave it one), then turns one partition's images into pooled features of every
 * block. Holds only what it needs: the
 * broadcast handle and a few small values.
 */
final class FeatureExtractionTask implements Function<ImageBlock, ExtractedFeatures> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<BackboneParameters> backbone;
    /** The dataset's per-channel pixel statistics. */
    private final ChannelStats channelStats;
    /** Side of the pooling grid, {@code probe.featureGrid}. */
    private final int featureGrid;
    /** Images per forward pass, {@code probe.chunkSize}. */
    private final int chunkSize;
    /** ND4J threads this task may use, worked out on the driver. */
    private final int threads;

    FeatureExtractionTask(Broadcast<BackboneParameters> backbone, ChannelStats channelStats,
                          int featureGrid, int chunkSize, int threads) {
        this.backbone = backbone;
        this.channelStats = channelStats;
        this.featureGrid = featureGrid;
        this.chunkSize = chunkSize;
        this.threads = threads;
    }

    @Override
    public ExtractedFeatures call(ImageBlock images) {
        ComputeThreads.configure(threads);
        TaskDevice.use();
        FeatureExtractor extractor = new FeatureExtractor(backbone.value().toBackbone(),
                channelStats, new FeaturePooling(featureGrid), chunkSize);
        return extractor.extract(images);
    }
}
