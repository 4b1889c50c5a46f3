package ai.liouna.model;

import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.common.primitives.Pair;

/**
 * SoftHebb's "triangle" activation: subtract the mean over channels at every position, then
 * ReLU. From Journe, Rodriguez, Guo and Moraitis, "Hebbian deep learning without feedback",
 * ICLR 2023.
 *
 * <p>Accepts NCHW activations and [batch, features] matrices; the channel axis is 1 in both.
 */
public final class TriangleActivation extends BaseActivationFunction {

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return BlockOps.triangleInPlace(in);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray active = in.sub(in.mean(true, 1)).gt(0).castTo(epsilon.dataType());
        INDArray gated = active.muli(epsilon);
        return new Pair<>(gated.subi(gated.mean(true, 1)), null);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TriangleActivation;
    }

    @Override
    public int hashCode() {
        return TriangleActivation.class.hashCode();
    }

    @Override
    public String toString() {
        return "triangle";
    }
}
