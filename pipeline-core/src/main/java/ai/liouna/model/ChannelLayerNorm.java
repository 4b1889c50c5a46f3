package ai.liouna.model;

import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * LayerNorm over the channel dimension at every spatial position (as in ConvNeXt), without a
 * learned scale or shift. It has no parameters, so it is expressed as an activation function and
 * Deeplearning4j can backpropagate through it when a pretrained backbone is fine-tuned.
 *
 * <p>Accepts NCHW activations and [batch, features] matrices; the normalised axis is 1 in both.
 */
public final class ChannelLayerNorm extends BaseActivationFunction {

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return BlockOps.layerNormInPlace(in);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray centred = in.sub(in.mean(true, 1));
        INDArray inverseStd = inverseStd(centred);
        INDArray normalised = centred.muli(inverseStd);

        // d/dx of (x - mean) / std: g - mean(g) - xhat * mean(g * xhat), all scaled by 1/std.
        INDArray projection = epsilon.mul(normalised).mean(true, 1);
        INDArray gradient = epsilon.sub(epsilon.mean(true, 1))
                .subi(normalised.muli(projection));
        return new Pair<>(gradient.muli(inverseStd), null);
    }

    private static INDArray inverseStd(INDArray centred) {
        INDArray variance = centred.mul(centred).mean(true, 1);
        return Transforms.pow(variance.addi(BlockOps.NORM_EPSILON), -0.5, false);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChannelLayerNorm;
    }

    @Override
    public int hashCode() {
        return ChannelLayerNorm.class.hashCode();
    }

    @Override
    public String toString() {
        return "channel-layernorm";
    }
}
