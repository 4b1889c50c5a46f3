package ai.liouna.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.GELU;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The tensor operations a block is made of, on NCHW activations. {@link Backbone#forward} runs
 * them directly (several times faster than Deeplearning4j's layer objects on the CPU), and the
 * activation functions given to Deeplearning4j call the same code, so both paths compute the
 * same function. Every method works in place where it says so, to keep allocation off the
 * training step's hot path.
 */
public final class BlockOps {

    /** Added to variances before the square root, as in PyTorch's LayerNorm and BatchNorm. */
    public static final double NORM_EPSILON = 1e-5;

    private BlockOps() {
    }

    /** 2-d convolution, stride 1, "same" padding, no bias; weights [out, in, k, k]. */
    public static INDArray convolve(INDArray input, INDArray weights) {
        int kernel = (int) weights.size(2);
        int pad = kernel / 2;
        INDArray output = Nd4j.create(DataType.FLOAT, input.size(0), weights.size(0),
                input.size(2), input.size(3));
        Nd4j.exec(DynamicCustomOp.builder("conv2d")
                .addInputs(input, weights)
                .addOutputs(output)
                .addIntegerArguments(kernel, kernel, 1, 1, pad, pad, 1, 1, 0, 0, 1)
                .build());
        return output;
    }

    /** 2x2 average pooling with stride 2; odd trailing rows and columns are dropped. */
    public static INDArray averagePool(INDArray input) {
        INDArray output = Nd4j.create(DataType.FLOAT, input.size(0), input.size(1),
                input.size(2) / 2, input.size(3) / 2);
        Nd4j.exec(DynamicCustomOp.builder("avgpool2d")
                .addInputs(input)
                .addOutputs(output)
                .addIntegerArguments(2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0)
                .build());
        return output;
    }

    /** Normalises {@code activations} in place over axis 1 (channels) at every position. */
    public static INDArray layerNormInPlace(INDArray activations) {
        INDArray centred = activations.subi(activations.mean(true, 1));
        INDArray variance = centred.mul(centred).mean(true, 1);
        return centred.muli(Transforms.pow(variance.addi(NORM_EPSILON), -0.5, false));
    }

    /** SoftHebb's triangle in place: subtract the channel mean, then ReLU. */
    public static INDArray triangleInPlace(INDArray activations) {
        return Transforms.relu(activations.subi(activations.mean(true, 1)), false);
    }

    /**
     * GELU in place, in its sigmoid form x * sigmoid(1.702 x) (Hendrycks and Gimpel, 2016).
     * It differs from the erf form by at most 0.02 and costs a fifth of the erf or tanh forms
     * here; Deeplearning4j's {@code ActivationGELU(false)} computes the same function.
     */
    public static INDArray geluInPlace(INDArray activations) {
        Nd4j.getExecutioner().exec(new GELU(activations, activations));
        return activations;
    }

    /**
     * BatchNorm without scale or shift: (x - mean) / sqrt(variance + eps) per channel, with the
     * given per-channel statistics. Returns a new array.
     */
    public static INDArray batchNormalise(INDArray input, INDArray mean, INDArray variance) {
        long channels = input.size(1);
        INDArray scale = Transforms.pow(variance.reshape(1, channels, 1, 1).add(NORM_EPSILON),
                -0.5, false);
        return input.sub(mean.reshape(1, channels, 1, 1)).muli(scale);
    }

    /** Per-channel mean of NCHW activations, [channels]. */
    public static INDArray channelMean(INDArray input) {
        return input.mean(0, 2, 3);
    }

    /** Per-channel biased variance of NCHW activations, [channels]. */
    public static INDArray channelVariance(INDArray input, INDArray mean) {
        INDArray centred = input.sub(mean.reshape(1, input.size(1), 1, 1));
        return centred.muli(centred).mean(0, 2, 3);
    }
}
