package ai.liouna.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;

import ai.liouna.data.ChannelStats;
import ai.liouna.data.ImageBlock;
import ai.liouna.model.Backbone;
import ai.liouna.model.BlockDesign;
import ai.liouna.model.ModelSpec;
import ai.liouna.model.WeightInitScheme;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class FeatureExtractorTest {

    private static final ChannelStats STATS = new ChannelStats(new double[] {0.5, 0.4, 0.3},
            new double[] {0.25, 0.2, 0.3});

    private static ImageBlock images(int count) {
        Random random = new Random(8);
        byte[] pixels = new byte[count * 3 * 16 * 16];
        random.nextBytes(pixels);
        long[] ids = new long[count];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = 100 + i;
            labels[i] = i % 4;
        }
        return new ImageBlock(3, 16, 16, ids, labels, pixels);
    }

    private static Backbone backbone() {
        return Backbone.create(new ModelSpec(BlockDesign.OURS, 3, 16, List.of(6, 10),
                List.of(3, 3), WeightInitScheme.KAIMING, 25.0, 2L));
    }

    @Test
    void dimensionsFollowBlockOutputsAndTheGrid() {
        // Block outputs are 6x8x8 and 10x4x4; a grid of 4 pools the first only.
        assertArrayEquals(new int[] {6 * 16, 10 * 16},
                FeatureExtractor.dimensions(backbone().spec(), new FeaturePooling(4)));
        assertArrayEquals(new int[] {6 * 4, 10 * 4},
                FeatureExtractor.dimensions(backbone().spec(), new FeaturePooling(2)));
    }

    @Test
    void featuresArePooledBlockOutputsOfNormalisedImagesWhateverTheChunking() {
        Backbone backbone = backbone();
        FeaturePooling pooling = new FeaturePooling(4);
        ImageBlock images = images(7);
        INDArray[] outputs = backbone.blockOutputs(images.batch(STATS));

        ExtractedFeatures whole = new FeatureExtractor(backbone, STATS, pooling, 256)
                .extract(images);
        ExtractedFeatures chunked = new FeatureExtractor(backbone, STATS, pooling, 3)
                .extract(images);

        assertArrayEquals(images.labels(), whole.labels());
        assertArrayEquals(images.ids(), whole.ids());
        for (int block = 0; block < 2; block++) {
            assertArrayEquals(pooling.pool(outputs[block]), whole.values()[block], 1e-5f);
            assertArrayEquals(whole.values()[block], chunked.values()[block], 1e-5f);
        }
        assertEquals(7, chunked.size());
    }
}
