package ai.liouna.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BackboneParametersTest {

    @Test
    void javaSerialisedParametersRebuildTheSameBackbone() throws Exception {
        ModelSpec spec = new ModelSpec(BlockDesign.PNB, 3, 16, List.of(8, 12), List.of(3, 3),
                WeightInitScheme.KAIMING, 25.0, 4L);
        Backbone original = Backbone.create(spec);
        original.convolutionWeights(1).muli(3);
        original.batchNormMean(0).assign(Nd4j.rand(DataType.FLOAT, 1, 3));
        original.batchNormVariance(1).assign(Nd4j.rand(DataType.FLOAT, 1, 8).addi(0.5));

        Backbone rebuilt = roundTrip(BackboneParameters.of(original)).toBackbone();

        assertEquals(spec, rebuilt.spec());
        assertArrayEquals(original.network().params().toFloatVector(),
                rebuilt.network().params().toFloatVector());
        INDArray images = Nd4j.randn(DataType.FLOAT, 2, 3, 16, 16);
        assertEquals(original.blockOutputs(images)[1], rebuilt.blockOutputs(images)[1]);
    }

    private static BackboneParameters roundTrip(BackboneParameters parameters)
            throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(parameters);
        }
        try (ObjectInputStream in = new ObjectInputStream(
                new ByteArrayInputStream(bytes.toByteArray()))) {
            return (BackboneParameters) in.readObject();
        }
    }
}
