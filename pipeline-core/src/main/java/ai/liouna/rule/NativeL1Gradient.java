package ai.liouna.rule;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link L1ConvolutionGradient} through libnd4j's conv2d and conv2d_bp ops (cuDNN on the CUDA
 * backend, oneDNN on the CPU). conv2d_bp also produces the input gradient, which is discarded:
 * on a GPU that costs less than the im2col path's many small matrix products.
 */
final class NativeL1Gradient implements L1ConvolutionGradient {

    @Override
    public double accumulate(INDArray weights, INDArray probe, INDArray target,
                             INDArray gradientSum) {
        int kernel = (int) weights.size(2);
        INDArray input = probe.dup('c');
        INDArray output = Nd4j.create(DataType.FLOAT, probe.size(0), weights.size(0),
                probe.size(2), probe.size(3));
        Nd4j.exec(convolution("conv2d", kernel).addInputs(input, weights)
                .addOutputs(output).build());
        if (target != null) {
            output.subi(target);
        }
        double loss = output.norm1Number().doubleValue();
        Transforms.sign(output, false);

        INDArray inputGradient = Nd4j.create(DataType.FLOAT, input.shape());
        INDArray weightGradient = Nd4j.create(DataType.FLOAT, weights.shape());
        Nd4j.exec(convolution("conv2d_bp", kernel).addInputs(input, weights, output)
                .addOutputs(inputGradient, weightGradient).build());
        gradientSum.addi(weightGradient);
        return loss;
    }

    /** Stride 1, explicit "same" padding, NCHW data, [out, in, k, k] weights. */
    private static DynamicCustomOp.DynamicCustomOpsBuilder convolution(String op, int kernel) {
        int pad = kernel / 2;
        return DynamicCustomOp.builder(op)
                .addIntegerArguments(kernel, kernel, 1, 1, pad, pad, 1, 1, 0, 0, 1);
    }
}
