package ai.liouna.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BackboneTest {

    static ModelSpec cifarSpec(BlockDesign design) {
        return new ModelSpec(design, 3, 32, List.of(64, 128, 256), List.of(5, 3, 3),
                WeightInitScheme.KAIMING, 25.0, 7L);
    }

    static ModelSpec smallSpec(BlockDesign design) {
        return new ModelSpec(design, 3, 16, List.of(8, 12), List.of(3, 3),
                WeightInitScheme.KAIMING, 25.0, 11L);
    }

    @Test
    void cifarPresetHasAbout370kConvolutionWeights() {
        Backbone backbone = Backbone.create(cifarSpec(BlockDesign.OURS));
        assertEquals(3 * 64 * 25 + 64 * 128 * 9 + 128 * 256 * 9, backbone.convolutionWeightCount());
        assertEquals(373_440, backbone.convolutionWeightCount());
    }

    @Test
    void kaimingInitGivesNeuronNormsNearSqrtTwo() {
        Backbone backbone = Backbone.create(cifarSpec(BlockDesign.OURS));
        double meanNorm = NeuronNorms.of(backbone.convolutionWeights(2)).meanNumber().doubleValue();
        assertEquals(Math.sqrt(2), meanNorm, 0.05);
    }

    @Test
    void softHebbInitPutsEveryNeuronOnTheRadius() {
        ModelSpec spec = new ModelSpec(BlockDesign.PNB, 3, 16, List.of(8, 12), List.of(3, 3),
                WeightInitScheme.SOFTHEBB, 25.0, 3L);
        INDArray norms = NeuronNorms.of(Backbone.create(spec).convolutionWeights(1));
        assertEquals(25.0, norms.minNumber().doubleValue(), 1e-3);
        assertEquals(25.0, norms.maxNumber().doubleValue(), 1e-3);
    }

    @Test
    void sameSeedSameWeights() {
        Backbone first = Backbone.create(smallSpec(BlockDesign.OURS));
        Backbone second = Backbone.create(smallSpec(BlockDesign.OURS));
        assertEquals(first.network().params(), second.network().params());
    }

    @ParameterizedTest
    @EnumSource(BlockDesign.class)
    void blockOutputsHalveTheResolution(BlockDesign design) {
        Backbone backbone = Backbone.create(smallSpec(design));
        INDArray[] outputs = backbone.blockOutputs(Nd4j.rand(DataType.FLOAT, 2, 3, 16, 16));
        assertArrayEquals(new long[] {2, 8, 8, 8}, outputs[0].shape());
        assertArrayEquals(new long[] {2, 12, 4, 4}, outputs[1].shape());
    }

    @ParameterizedTest
    @EnumSource(BlockDesign.class)
    void directForwardMatchesTheDeeplearning4jNetwork(BlockDesign design) {
        Backbone backbone = Backbone.create(smallSpec(design));
        if (backbone.hasBatchNorm()) {
            backbone.batchNormMean(0).assign(Nd4j.rand(DataType.FLOAT, 1, 3));
            backbone.batchNormVariance(1).assign(Nd4j.rand(DataType.FLOAT, 1, 8).addi(0.5));
        }
        INDArray images = Nd4j.randn(DataType.FLOAT, 4, 3, 16, 16);
        for (boolean training : new boolean[] {false, true}) {
            List<INDArray> reference = backbone.network().feedForward(images, training);
            INDArray expected = reference.get(reference.size() - 1);
            INDArray actual = backbone.forward(images, training).blockOutput(1);
            assertTrue(expected.equalsWithEps(actual, 1e-4),
                    design + " training=" + training + ": direct forward differs from DL4J");
        }
    }

    @Test
    void rejectsImagesOfTheWrongShape() {
        Backbone backbone = Backbone.create(smallSpec(BlockDesign.OURS));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> backbone.forward(Nd4j.rand(DataType.FLOAT, 2, 1, 16, 16), false));
        assertTrue(error.getMessage().contains("[n, 3, 16, 16]"), error.getMessage());
    }
}
