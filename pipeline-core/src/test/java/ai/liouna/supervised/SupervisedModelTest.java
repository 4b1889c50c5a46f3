package ai.liouna.supervised;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import ai.liouna.data.ChannelStats;
import ai.liouna.data.ImageBlock;
import ai.liouna.model.Backbone;
import ai.liouna.model.BackboneIO;
import ai.liouna.model.BlockDesign;
import ai.liouna.model.ModelSpec;
import ai.liouna.model.WeightInitScheme;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class SupervisedModelTest {

    private static final ChannelStats STATS = new ChannelStats(new double[] {0.45, 0.45, 0.45},
            new double[] {0.3, 0.3, 0.3});

    @Test
    void stepsReduceTheTrainingLossOnSeparableImages() {
        ImageBlock images = bars(32, 1);
        SupervisedModel model = SupervisedModel.create(backbone(BlockDesign.OURS, 1), 2,
                settings(false, 1));
        int[] all = ImageBlock.range(0, images.size());

        double first = model.gradient(images, all, STATS, 16).meanLoss();
        for (int step = 0; step < 15; step++) {
            model.step(model.gradient(images, all, STATS, 16), step, 0);
        }
        double last = model.gradient(images, all, STATS, 16).meanLoss();

        assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
        assertEquals(images.size(), model.correct(images, STATS, 16));
    }

    @Test
    void aStepIsWhatDeeplearning4jFitDoesWithTheSameBatch() {
        ImageBlock images = bars(12, 2);
        Backbone backbone = backbone(BlockDesign.PNB, 2);
        SupervisedModel ours = SupervisedModel.create(backbone, 2, settings(false, 2));
        SupervisedModel reference = SupervisedModel.create(backbone, 2, settings(false, 2));

        ours.step(ours.gradient(images, ImageBlock.range(0, 12), STATS, 12), 0, 0);
        reference.network().fit(new DataSet(images.batch(STATS), oneHot(images)));

        assertArrayEquals(reference.parameters(), ours.parameters(), 1e-6f);
    }

    @Test
    void aStepWithWeightDecayIsWhatDeeplearning4jFitDoesAndShrinksTheWeights() {
        ImageBlock images = bars(12, 8);
        Backbone backbone = backbone(BlockDesign.OURS, 8);
        SupervisedModel decayed = SupervisedModel.create(backbone, 2, settings(false, 0.5, 8));
        SupervisedModel reference = SupervisedModel.create(backbone, 2, settings(false, 0.5, 8));
        SupervisedModel plain = SupervisedModel.create(backbone, 2, settings(false, 8));

        for (SupervisedModel model : List.of(decayed, plain)) {
            model.step(model.gradient(images, ImageBlock.range(0, 12), STATS, 12), 0, 0);
        }
        reference.network().fit(new DataSet(images.batch(STATS), oneHot(images)));

        assertArrayEquals(reference.parameters(), decayed.parameters(), 1e-6f);
        double decayedNorm = decayed.backboneParameters().norm2Number().doubleValue();
        double plainNorm = plain.backboneParameters().norm2Number().doubleValue();
        assertTrue(decayedNorm < plainNorm, "norm " + plainNorm + " -> " + decayedNorm);
    }

    @Test
    void fineTuningStartsFromTheSavedBackbone() throws Exception {
        Backbone trained = backbone(BlockDesign.PNBT, 3);
        trained.convolutionWeights(1).muli(1.7);
        trained.batchNormMean(0).assign(0.2);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        BackboneIO.write(trained, zip);
        Backbone loaded = BackboneIO.read(new ByteArrayInputStream(zip.toByteArray()));

        SupervisedModel model = SupervisedModel.create(loaded, 2, settings(false, 3));
        INDArray images = bars(6, 3).batch(STATS);
        List<INDArray> forward = model.network().feedForwardToLayer(
                trained.network().getnLayers() - 1, images, false);

        assertEquals(trained.network().params().reshape(-1), model.backboneParameters());
        INDArray expected = trained.blockOutputs(images)[trained.depth() - 1];
        assertTrue(expected.equalsWithEps(forward.get(forward.size() - 1), 1e-5),
                "first forward equals the saved backbone's");
    }

    @Test
    void aFrozenBackboneKeepsItsWeightsAndStatistics() {
        ImageBlock images = bars(16, 4);
        SupervisedModel model = SupervisedModel.create(backbone(BlockDesign.PNB, 4), 2,
                settings(true, 4));
        INDArray backboneBefore = model.backboneParameters();
        float[] before = model.parameters();

        for (int step = 0; step < 4; step++) {
            model.step(model.gradient(images, ImageBlock.range(0, 16), STATS, 8), step, 0);
        }

        assertEquals(backboneBefore, model.backboneParameters());
        float[] after = model.parameters();
        int backbone = (int) model.backboneParameterCount();
        assertFalse(Arrays.equals(Arrays.copyOfRange(before, backbone, before.length),
                Arrays.copyOfRange(after, backbone, after.length)), "the head trains");
    }

    @Test
    void oneSeedGivesOneRunAndAnotherSeedAnother() {
        float[] first = trainTwoEpochs(5, List.of(bars(24, 5)));
        float[] again = trainTwoEpochs(5, List.of(bars(24, 5)));
        float[] other = trainTwoEpochs(6, List.of(bars(24, 5)));

        assertArrayEquals(first, again, 0f);
        assertFalse(Arrays.equals(first, other));
    }

    @Test
    void twoPartitionsTrainAsOne() {
        ImageBlock images = bars(24, 7);
        ImageBlock left = images.select(ImageBlock.range(0, 10));
        ImageBlock right = images.select(ImageBlock.range(10, 24));

        float[] whole = trainTwoEpochs(7, List.of(images));
        float[] split = trainTwoEpochs(7, List.of(left, right));

        assertArrayEquals(whole, split, 1e-5f);
    }

    /** Full-batch training, so that every partitioning sees the same batches. */
    private static float[] trainTwoEpochs(long seed, List<ImageBlock> partitions) {
        SupervisedSettings settings = new SupervisedSettings(SupervisedSettings.Start.SCRATCH,
                false, 2, 2, 1000, 0.01, 0, 0, 0, 8, seed);
        SupervisedModel model = SupervisedModel.create(backbone(BlockDesign.OURS, seed), 2,
                settings);
        new SupervisedTrainer(settings).train(model,
                new LocalPartitions(partitions, List.of(), model, STATS, 8));
        return model.parameters();
    }

    private static SupervisedSettings settings(boolean freeze, long seed) {
        return settings(freeze, 0, seed);
    }

    private static SupervisedSettings settings(boolean freeze, double weightDecay, long seed) {
        return new SupervisedSettings(SupervisedSettings.Start.SCRATCH, freeze, 2, 1, 16, 0.01,
                weightDecay, 0.1, 0, 16, seed);
    }

    static Backbone backbone(BlockDesign design, long seed) {
        return Backbone.create(new ModelSpec(design, 3, 8, List.of(6, 8), List.of(3, 3),
                WeightInitScheme.KAIMING, 25, seed));
    }

    /** Bright-top (label 0) and bright-bottom (label 1) 8x8 images with noise. */
    static ImageBlock bars(int count, long seed) {
        Random random = new Random(seed);
        int size = 8;
        byte[] pixels = new byte[count * 3 * size * size];
        long[] ids = new long[count];
        int[] labels = new int[count];
        for (int image = 0; image < count; image++) {
            ids[image] = image;
            labels[image] = image % 2;
            for (int channel = 0; channel < 3; channel++) {
                for (int row = 0; row < size; row++) {
                    boolean bright = labels[image] == 0 ? row < size / 2 : row >= size / 2;
                    for (int column = 0; column < size; column++) {
                        int value = (bright ? 200 : 40) + random.nextInt(61) - 30;
                        pixels[((image * 3 + channel) * size + row) * size + column] =
                                (byte) value;
                    }
                }
            }
        }
        return new ImageBlock(3, size, size, ids, labels, pixels);
    }

    private static INDArray oneHot(ImageBlock images) {
        INDArray labels = Nd4j.zeros(images.size(), 2);
        for (int i = 0; i < images.size(); i++) {
            labels.putScalar(i, images.label(i), 1);
        }
        return labels;
    }

}
