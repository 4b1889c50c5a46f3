package ai.liouna.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.liouna.data.ChannelStats;
import ai.liouna.data.ImageBlock;
import ai.liouna.model.Backbone;
import ai.liouna.model.BlockDesign;
import ai.liouna.model.ModelSpec;
import ai.liouna.model.WeightInitScheme;
import ai.liouna.rule.L1ConvolutionGradient;
import ai.liouna.rule.LiounaRule;
import ai.liouna.rule.LiounaSettings;
import org.junit.jupiter.api.Test;

class LocalTrainerTest {

    static final ChannelStats STATS = new ChannelStats(new double[] {0.5, 0.5, 0.5},
            new double[] {0.25, 0.25, 0.25});

    static ImageBlock randomImages(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * 3 * 16 * 16];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(256);
        }
        long[] ids = new long[count];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = seed * 1000 + i;
            labels[i] = i % 2;
        }
        return new ImageBlock(3, 16, 16, ids, labels, pixels);
    }

    static Backbone train(BlockDesign design, List<ImageBlock> partitions, int epochs,
                          List<StepMetrics> metrics) {
        ModelSpec spec = new ModelSpec(design, 3, 16, List.of(8, 16), List.of(3, 3),
                WeightInitScheme.KAIMING, 25.0, 21L);
        Backbone backbone = Backbone.create(spec);
        LiounaRule rule = new LiounaRule(new LiounaSettings(0.5, 0.8, 0.3,
                LiounaSettings.Update.JOINT, LiounaSettings.MaskScaling.PLAIN,
                LiounaSettings.Masking.LOCAL, Math.sqrt(2)), L1ConvolutionGradient.Engine.AUTO);
        rule.prepare(backbone);
        LocalTrainer trainer = new LocalTrainer(rule, backbone, STATS, 24, 10, 77L);
        long step = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            step = trainer.trainEpoch(partitions, epoch, step, metrics::add);
        }
        return backbone;
    }

    @Test
    void twoRunsWithOneSeedEndWithIdenticalWeights() {
        List<ImageBlock> data = List.of(randomImages(1, 40), randomImages(2, 33));
        for (BlockDesign design : BlockDesign.values()) {
            float[] first = train(design, data, 2, new ArrayList<>()).network().params()
                    .data().asFloat();
            float[] second = train(design, data, 2, new ArrayList<>()).network().params()
                    .data().asFloat();
            assertArrayEquals(first, second, design + ": same seed gave different weights");
        }
    }

    @Test
    void trainingChangesTheWeightsAndReportsEveryStep() {
        List<ImageBlock> data = List.of(randomImages(3, 50));
        List<StepMetrics> metrics = new ArrayList<>();
        Backbone trained = train(BlockDesign.OURS, data, 2, metrics);
        Backbone untrained = train(BlockDesign.OURS, data, 0, new ArrayList<>());
        assertNotEquals(untrained.network().params(), trained.network().params());
        assertEquals(2 * (50 / 24), metrics.size());
        assertEquals(metrics.size() - 1, metrics.get(metrics.size() - 1).globalStep());
        for (StepMetrics step : metrics) {
            assertEquals(Math.sqrt(2), step.neuronNorm()[1], 1e-4);
            assertTrue(step.blockLoss()[0] > 0);
        }
    }
}
