package ai.liouna.rule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import ai.liouna.data.ChannelStats;
import ai.liouna.data.ImageBlock;
import ai.liouna.model.Backbone;
import ai.liouna.model.BlockDesign;
import ai.liouna.model.ModelSpec;
import ai.liouna.model.WeightInitScheme;
import ai.liouna.rule.LiounaSettings.Masking;
import ai.liouna.rule.LiounaSettings.MaskScaling;
import ai.liouna.rule.LiounaSettings.Update;
import ai.liouna.train.LocalTrainer;
import ai.liouna.train.StepMetrics;
import ai.liouna.train.TrainingSetup;
import ai.liouna.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Training a subset of blocks: frozen blocks stay bit-identical, trained ones learn as usual. */
class TrainedBlocksTest {

    static ModelSpec spec(BlockDesign design, WeightInitScheme init) {
        return new ModelSpec(design, 3, 16, List.of(8, 12, 16), List.of(5, 3, 3), init, 25.0,
                5L);
    }

    static final ChannelStats STATS = new ChannelStats(new double[] {0.5, 0.5, 0.5},
            new double[] {0.25, 0.25, 0.25});

    static ImageBlock randomImages(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * 3 * 16 * 16];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) random.nextInt(256);
        }
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = seed * 1000 + i;
        }
        return new ImageBlock(3, 16, 16, ids, new int[count], pixels);
    }

    static LiounaRule liouna(Masking masking, TrainedBlocks trained) {
        return new LiounaRule(new LiounaSettings(0.5, 0.8, 0.3, Update.JOINT, MaskScaling.PLAIN,
                masking, 1.5), L1ConvolutionGradient.Engine.AUTO, trained);
    }

    static TrainedBlocks blocks(Integer... numbers) {
        return TrainedBlocks.of(List.of(numbers), 3);
    }

    /** Every convolution weight and BatchNorm running statistic of a block, copied out. */
    static float[] state(Backbone backbone, int block) {
        List<INDArray> parts = new ArrayList<>(List.of(backbone.convolutionWeights(block)));
        if (backbone.hasBatchNorm()) {
            parts.add(backbone.batchNormMean(block));
            parts.add(backbone.batchNormVariance(block));
        }
        List<Float> values = new ArrayList<>();
        for (INDArray part : parts) {
            for (float value : part.dup().data().asFloat()) {
                values.add(value);
            }
        }
        float[] flat = new float[values.size()];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = values.get(i);
        }
        return flat;
    }

    static void train(LocalRule rule, Backbone backbone, int steps) {
        rule.prepare(backbone);
        for (int step = 0; step < steps; step++) {
            INDArray images = LiounaRuleTest.images(10 + step, 4).addi(1.0);
            rule.apply(backbone, rule.computeUpdate(backbone, images, RandomKey.of(3, step)));
        }
    }

    @ParameterizedTest
    @EnumSource(value = BlockDesign.class, names = {"OURS", "PNB"})
    void liounaOnBlockTwoLeavesBlocksOneAndThreeBitIdentical(BlockDesign design) {
        Backbone backbone = Backbone.create(spec(design, WeightInitScheme.KAIMING));
        Backbone initial = backbone.copy();

        train(liouna(Masking.LOCAL, blocks(2)), backbone, 3);

        assertArrayEquals(state(initial, 0), state(backbone, 0), "block 1 changed");
        assertArrayEquals(state(initial, 2), state(backbone, 2), "block 3 changed");
        assertFalse(Arrays.equals(state(initial, 1), state(backbone, 1)),
                "block 2 did not learn");
    }

    @Test
    void softHebbOnBlockTwoLeavesBlocksOneAndThreeBitIdentical() {
        Backbone backbone = Backbone.create(spec(BlockDesign.PNB, WeightInitScheme.SOFTHEBB));
        Backbone initial = backbone.copy();
        SoftHebbRule rule = new SoftHebbRule(new SoftHebbSettings(0.05, List.of(0.75), 0.5),
                L1ConvolutionGradient.Engine.AUTO, blocks(2));

        train(rule, backbone, 3);

        assertArrayEquals(state(initial, 0), state(backbone, 0), "block 1 changed");
        assertArrayEquals(state(initial, 2), state(backbone, 2), "block 3 changed");
        assertFalse(Arrays.equals(state(initial, 1), state(backbone, 1)),
                "block 2 did not learn");
    }

    @ParameterizedTest
    @EnumSource(Masking.class)
    void aBlocksUpdateDoesNotDependOnWhichOtherBlocksTrain(Masking masking) {
        Backbone backbone = Backbone.create(spec(BlockDesign.PNBT, WeightInitScheme.KAIMING));
        INDArray images = LiounaRuleTest.images(7, 4);
        RandomKey key = RandomKey.of(42, 0x6D61736BL, 0, 0);

        LocalUpdate all = liouna(masking, TrainedBlocks.all()).computeUpdate(backbone, images,
                key);
        LocalUpdate first = liouna(masking, blocks(1)).computeUpdate(backbone, images, key);
        LocalUpdate second = liouna(masking, blocks(2)).computeUpdate(backbone, images, key);

        assertArrayEquals(all.gradientSum(0), first.gradientSum(0));
        assertEquals(all.lossSum(0), first.lossSum(0));
        assertArrayEquals(all.gradientSum(1), second.gradientSum(1));
        assertEquals(all.lossSum(1), second.lossSum(1));
        assertEquals(0, first.gradientSum(1).length, "a frozen block's update is empty");
        assertTrue(Double.isNaN(first.meanLoss(2)));
    }

    @Test
    void aBlockOneStepOfTheTrainerMatchesTheAllBlocksStepOnBlockOne() {
        List<ImageBlock> partitions = List.of(
                randomImages(1, 12),
                randomImages(2, 12));
        Backbone allBlocks = Backbone.create(spec(BlockDesign.PNB, WeightInitScheme.KAIMING));
        Backbone onlyFirst = allBlocks.copy();
        List<StepMetrics> metrics = new ArrayList<>();

        trainer(liouna(Masking.LOCAL, TrainedBlocks.all()), allBlocks).trainEpoch(partitions, 0,
                0, step -> { });
        trainer(liouna(Masking.LOCAL, blocks(1)), onlyFirst).trainEpoch(partitions, 0, 0,
                metrics::add);

        assertArrayEquals(state(allBlocks, 0), state(onlyFirst, 0));
        double[] loss = metrics.get(0).blockLoss();
        assertTrue(loss[0] > 0 && Double.isNaN(loss[1]) && Double.isNaN(loss[2]),
                Arrays.toString(loss));
        String line = Json.writeLine(metrics.get(0));
        assertTrue(line.contains(",null,null]"), line);
        StepMetrics read = Json.read(line, StepMetrics.class);
        assertEquals(loss[0], read.blockLoss()[0]);
        assertTrue(Double.isNaN(read.blockLoss()[2]));
    }

    @Test
    void greedyPassesKeepWhatEarlierPassesTrained() {
        List<ImageBlock> partitions = List.of(
                randomImages(3, 24));
        Backbone backbone = Backbone.create(spec(BlockDesign.OURS, WeightInitScheme.KAIMING));
        Backbone initial = backbone.copy();

        LiounaRule first = liouna(Masking.LOCAL, blocks(1));
        first.prepare(backbone);
        trainer(first, backbone).trainEpoch(partitions, 0, 0, step -> { });
        Backbone afterFirstPass = backbone.copy();
        LiounaRule second = liouna(Masking.LOCAL, blocks(2));
        second.prepare(backbone);
        trainer(second, backbone).trainEpoch(partitions, 0, 0, step -> { });

        assertArrayEquals(state(afterFirstPass, 0), state(backbone, 0));
        assertFalse(Arrays.equals(state(initial, 0), state(afterFirstPass, 0)));
        assertArrayEquals(state(initial, 1), state(afterFirstPass, 1));
        assertFalse(Arrays.equals(state(afterFirstPass, 1), state(backbone, 1)));
        assertArrayEquals(state(initial, 2), state(backbone, 2));
    }

    private static LocalTrainer trainer(LocalRule rule, Backbone backbone) {
        return new LocalTrainer(rule, backbone, STATS, 24,
                10, 77L);
    }

    @Test
    void forwardThroughStopsAfterTheGivenBlock() {
        Backbone backbone = Backbone.create(spec(BlockDesign.OURS, WeightInitScheme.KAIMING));
        INDArray images = LiounaRuleTest.images(4, 2);

        Backbone.Activations full = backbone.forward(images, true);
        Backbone.Activations partial = backbone.forwardThrough(images, true, 1);

        assertEquals(full.blockOutput(1), partial.blockOutput(1));
        assertNull(partial.convolutionInput(2));
        assertNull(partial.blockOutput(2));
    }

    @Test
    void blockNumbersAreOneBasedWithinTheDepthAndUnique() {
        assertTrue(TrainedBlocks.of(List.of(), 3).isAll());
        TrainedBlocks trained = TrainedBlocks.of(List.of(3, 1), 3);
        assertEquals(List.of(1, 3), trained.numbers(3));
        assertEquals(2, trained.deepest(3));
        assertFalse(trained.includes(1));

        IllegalArgumentException tooDeep = assertThrows(IllegalArgumentException.class,
                () -> TrainedBlocks.of(List.of(4), 3));
        assertTrue(tooDeep.getMessage().contains("from 1 to 3"), tooDeep.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainedBlocks.of(List.of(0), 3));
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> TrainedBlocks.of(List.of(2, 2), 3));
        assertTrue(twice.getMessage().contains("block 2 twice"), twice.getMessage());
    }

    @Test
    void settingsNameTheBlocksOrFailWithTheDepth() {
        Settings settings = Settings.defaults("pretrain.blocks=2");
        assertEquals(List.of(2), TrainingSetup.trainedBlocks(settings).numbers(3));
        assertEquals(List.of(2), TrainingSetup.rule(settings).trainedBlocks().numbers(3));

        SettingsException error = assertThrows(SettingsException.class,
                () -> TrainingSetup.rule(Settings.defaults("pretrain.blocks=[1,4]")));
        assertTrue(error.getMessage().contains("pretrain.blocks = [1, 4] names block 4"),
                error.getMessage());
    }
}
