package ai.liouna.rule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ai.liouna.model.Backbone;
import ai.liouna.model.BlockDesign;
import ai.liouna.model.ModelSpec;
import ai.liouna.model.NeuronNorms;
import ai.liouna.model.WeightInitScheme;
import ai.liouna.rule.LiounaSettings.Masking;
import ai.liouna.rule.LiounaSettings.MaskScaling;
import ai.liouna.rule.LiounaSettings.Update;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LiounaRuleTest {

    private static final double C = 1.5;

    static ModelSpec spec(BlockDesign design) {
        return new ModelSpec(design, 3, 16, List.of(8, 16), List.of(5, 3),
                WeightInitScheme.KAIMING, 25.0, 5L);
    }

    static LiounaRule rule(Update update, MaskScaling scaling, Masking masking, double lr) {
        return new LiounaRule(new LiounaSettings(lr, 0.8, 0.3, update, scaling, masking, C),
                L1ConvolutionGradient.Engine.AUTO);
    }

    static INDArray images(long seed, int count) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, count, 3, 16, 16);
    }

    @ParameterizedTest
    @EnumSource(Update.class)
    void everyBlocksUpdateIsTheAutodiffGradientOfItsLocalLoss(Update update) {
        Backbone backbone = Backbone.create(spec(BlockDesign.OURS));
        LiounaRule rule = rule(update, MaskScaling.PLAIN, Masking.LOCAL, 0.1);
        INDArray images = images(1, 4);
        RandomKey key = RandomKey.of(9, 1);

        LocalUpdate computed = rule.computeUpdate(backbone, images, key);

        Backbone.Activations clean = backbone.forward(images, true);
        double[] ratios = rule.maskRatios(backbone);
        for (int block = 0; block < backbone.depth(); block++) {
            INDArray x = clean.convolutionInput(block);
            INDArray masked = x.mul(Masks.bernoulli(x, ratios[block], false, key.derive(block)));
            INDArray weights = backbone.convolutionWeights(block);
            INDArray expected = update == Update.JOINT
                    ? AutodiffReference.jointGradient(weights, x, masked)
                    : AutodiffReference.detachedGradient(weights, masked,
                            clean.convolutionOutput(block));
            INDArray actual = Nd4j.createFromArray(computed.gradientSum(block))
                    .reshape(weights.shape());
            L1ConvolutionGradientTest.assertClose(expected, actual);
            assertEquals(clean.convolutionOutput(block).length(), computed.outputElements(block));
        }
    }

    @Test
    void globalMaskingMasksTheImageOnceAndPropagates() {
        Backbone backbone = Backbone.create(spec(BlockDesign.OURS));
        LiounaRule rule = rule(Update.DETACHED, MaskScaling.PLAIN, Masking.GLOBAL, 0.1);
        INDArray images = images(2, 3);
        RandomKey key = RandomKey.of(4, 2);

        LocalUpdate computed = rule.computeUpdate(backbone, images, key);

        INDArray maskedImages = images.mul(Masks.bernoulli(images, 0.8, false, key.derive(-1)));
        Backbone.Activations clean = backbone.forward(images, true);
        Backbone.Activations masked = backbone.forward(maskedImages, true);
        INDArray weights = backbone.convolutionWeights(1);
        INDArray expected = AutodiffReference.detachedGradient(weights,
                masked.convolutionInput(1), clean.convolutionOutput(1));
        L1ConvolutionGradientTest.assertClose(expected,
                Nd4j.createFromArray(computed.gradientSum(1)).reshape(weights.shape()));
    }

    @ParameterizedTest
    @EnumSource(BlockDesign.class)
    void everyNeuronHasNormCAfterAStep(BlockDesign design) {
        Backbone backbone = Backbone.create(spec(design));
        LiounaRule rule = rule(Update.JOINT, MaskScaling.PLAIN, Masking.LOCAL, 0.5);
        rule.apply(backbone, rule.computeUpdate(backbone, images(3, 4), RandomKey.of(1)));
        for (int block = 0; block < backbone.depth(); block++) {
            INDArray norms = NeuronNorms.of(backbone.convolutionWeights(block));
            assertEquals(C, norms.minNumber().doubleValue(), 1e-5);
            assertEquals(C, norms.maxNumber().doubleValue(), 1e-5);
        }
    }

    @Test
    void applyIsAnSgdStepOnTheMeanGradientFollowedByProjection() {
        Backbone backbone = Backbone.create(spec(BlockDesign.OURS));
        LiounaRule rule = rule(Update.JOINT, MaskScaling.PLAIN, Masking.LOCAL, 0.3);
        rule.prepare(backbone);
        LocalUpdate update = rule.computeUpdate(backbone, images(4, 4), RandomKey.of(2));
        INDArray before = backbone.convolutionWeights(0).dup();

        rule.apply(backbone, update);

        INDArray gradient = Nd4j.createFromArray(update.gradientSum(0)).reshape(before.shape())
                .div(update.outputElements(0));
        INDArray expected = before.sub(gradient.mul(0.3));
        NeuronNorms.project(expected, C);
        assertTrue(expected.equalsWithEps(backbone.convolutionWeights(0), 1e-6));
    }

    @Test
    void batchNormRunningStatisticsFollowTheMergedBatchMoments() {
        Backbone backbone = Backbone.create(spec(BlockDesign.PNB));
        LiounaRule rule = rule(Update.JOINT, MaskScaling.PLAIN, Masking.LOCAL, 0.1);
        INDArray images = images(5, 6).addi(2.0);
        rule.apply(backbone, rule.computeUpdate(backbone, images, RandomKey.of(3)));

        INDArray batchMean = images.mean(0, 2, 3);
        INDArray expected = batchMean.mul(Backbone.BATCH_NORM_MOMENTUM);
        assertTrue(expected.equalsWithEps(backbone.batchNormMean(0).reshape(3), 1e-5),
                "running mean " + backbone.batchNormMean(0) + " vs expected " + expected);
    }

    @Test
    void sameKeySameUpdateDifferentKeyDifferentUpdate() {
        Backbone backbone = Backbone.create(spec(BlockDesign.PNBT));
        LiounaRule rule = rule(Update.JOINT, MaskScaling.RESCALED, Masking.LOCAL, 0.1);
        INDArray images = images(6, 4);
        LocalUpdate first = rule.computeUpdate(backbone, images, RandomKey.of(7, 1));
        LocalUpdate again = rule.computeUpdate(backbone, images, RandomKey.of(7, 1));
        LocalUpdate other = rule.computeUpdate(backbone, images, RandomKey.of(7, 2));
        assertArrayEquals(first.gradientSum(1), again.gradientSum(1));
        assertNotEquals(first.lossSum(1), other.lossSum(1));
    }

    @Test
    void jointLocalLossFallsOverStepsOnAFixedBatch() {
        Backbone backbone = Backbone.create(spec(BlockDesign.OURS));
        LiounaRule rule = rule(Update.JOINT, MaskScaling.PLAIN, Masking.LOCAL, 2.0);
        rule.prepare(backbone);
        INDArray images = smoothImages(8, 16);
        RandomKey evaluation = RandomKey.of(99);
        LocalUpdate before = rule.computeUpdate(backbone, images, evaluation);
        for (int step = 0; step < 20; step++) {
            rule.apply(backbone, rule.computeUpdate(backbone, images, RandomKey.of(step)));
        }
        LocalUpdate after = rule.computeUpdate(backbone, images, evaluation);
        for (int block = 0; block < backbone.depth(); block++) {
            assertTrue(after.meanLoss(block) < 0.9 * before.meanLoss(block), "block " + block
                    + " loss went from " + before.meanLoss(block) + " to " + after.meanLoss(block));
        }
    }

    @Test
    void detachedStepMovesTheMaskedOutputTowardsTheFrozenTarget() {
        Backbone backbone = Backbone.create(spec(BlockDesign.OURS));
        LiounaRule rule = rule(Update.DETACHED, MaskScaling.PLAIN, Masking.LOCAL, 0.05);
        rule.prepare(backbone);
        INDArray images = smoothImages(9, 16);
        RandomKey key = RandomKey.of(5);
        INDArray x = backbone.forward(images, true).convolutionInput(0);
        INDArray target = backbone.forward(images, true).convolutionOutput(0);
        INDArray masked = x.mul(Masks.bernoulli(x, 0.8, false, key.derive(0)));
        double before = distance(masked, backbone.convolutionWeights(0), target);

        rule.apply(backbone, rule.computeUpdate(backbone, images, key));

        double after = distance(masked, backbone.convolutionWeights(0), target);
        assertTrue(after < before, "|f(x~) - t| went from " + before + " to " + after);
    }

    private static double distance(INDArray input, INDArray weights, INDArray target) {
        return ai.liouna.model.BlockOps.convolve(input, weights).sub(target)
                .norm1Number().doubleValue();
    }

    /** Images with strongly correlated neighbouring pixels: 4x4 noise blown up to 16x16. */
    static INDArray smoothImages(long seed, int count) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        float[] values = new float[count * 3 * 16 * 16];
        for (int image = 0; image < count * 3; image++) {
            float[] coarse = new float[16];
            for (int i = 0; i < coarse.length; i++) {
                coarse[i] = (float) random.nextGaussian();
            }
            for (int row = 0; row < 16; row++) {
                for (int column = 0; column < 16; column++) {
                    values[image * 256 + row * 16 + column] = coarse[(row / 4) * 4 + column / 4]
                            + 0.05f * (float) random.nextGaussian();
                }
            }
        }
        return Nd4j.create(values, new long[] {count, 3, 16, 16}, DataType.FLOAT);
    }
}
