package ai.liouna.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BackboneIOTest {

    private static ModelSpec spec(BlockDesign design) {
        return new ModelSpec(design, 3, 16, List.of(8, 12), List.of(5, 3),
                WeightInitScheme.SOFTHEBB, 2.5, 19L);
    }

    /** A backbone whose weights and BatchNorm statistics differ from a fresh one's. */
    private static Backbone trainedLooking(BlockDesign design) {
        Backbone backbone = Backbone.create(spec(design));
        Nd4j.getRandom().setSeed(5);
        for (int block = 0; block < backbone.depth(); block++) {
            backbone.convolutionWeights(block).addi(
                    Nd4j.randn(DataType.FLOAT, backbone.convolutionWeights(block).shape()));
            if (backbone.hasBatchNorm()) {
                backbone.batchNormMean(block).assign(Nd4j.randn(DataType.FLOAT, 1,
                        backbone.batchNormMean(block).length()));
                backbone.batchNormVariance(block).assign(Nd4j.rand(DataType.FLOAT, 1,
                        backbone.batchNormVariance(block).length()).addi(0.5));
            }
        }
        return backbone;
    }

    private static byte[] save(Backbone backbone) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BackboneIO.write(backbone, out);
        return out.toByteArray();
    }

    @ParameterizedTest
    @EnumSource(BlockDesign.class)
    void roundTripKeepsSpecWeightsAndRunningStatistics(BlockDesign design) throws IOException {
        Backbone original = trainedLooking(design);

        Backbone loaded = BackboneIO.read(new ByteArrayInputStream(save(original)));

        assertEquals(original.spec(), loaded.spec());
        assertArrayEquals(original.network().params().toFloatVector(),
                loaded.network().params().toFloatVector());
        for (int block = 0; block < original.depth(); block++) {
            assertEquals(original.convolutionWeights(block), loaded.convolutionWeights(block));
            if (original.hasBatchNorm()) {
                assertEquals(original.batchNormMean(block), loaded.batchNormMean(block));
                assertEquals(original.batchNormVariance(block), loaded.batchNormVariance(block));
            }
        }
        INDArray images = Nd4j.randn(DataType.FLOAT, 3, 3, 16, 16);
        assertEquals(original.blockOutputs(images)[1], loaded.blockOutputs(images)[1]);
    }

    @Test
    void savedFileLoadsWithPlainDeeplearning4j() throws IOException {
        Backbone original = trainedLooking(BlockDesign.PNB);

        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(save(original)), false);

        assertArrayEquals(original.network().params().toFloatVector(),
                network.params().toFloatVector());
    }

    @Test
    void plainDeeplearning4jZipIsRejectedWithTheFix() throws IOException {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ModelSerializer.writeModel(trainedLooking(BlockDesign.OURS).network(), plain, false);

        IOException error = assertThrows(IOException.class,
                () -> BackboneIO.read(new ByteArrayInputStream(plain.toByteArray())));
        assertTrue(error.getMessage().contains(BackboneIO.SPEC_ENTRY), error.getMessage());
        assertTrue(error.getMessage().contains("BackboneIO.write"), error.getMessage());
    }
}
