package ai.liouna.rule;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The Hebbian product of a convolution: sum over images and positions of a per-neuron
 * coefficient times the input patch the neuron saw there,
 *
 * <pre>  C[o, i, ky, kx] = sum_{n, p} c[n, o, p] x[n, i, p + (ky, kx) - pad]</pre>
 *
 * <p>for stride 1 and "same" zero padding. It is the weight gradient of a convolution whose
 * output gradient is c, so the native engine asks libnd4j's conv2d_bp for it; the im2col engine
 * unfolds the input in chunks and multiplies, as {@link Im2colL1Gradient} does.
 */
final class PatchCorrelation {

    private PatchCorrelation() {
    }

    /**
     * @param input        [n, in, h, w]
     * @param coefficients [n, out, h, w]
     * @param weights      [out, in, k, k]: the shape of the result (conv2d_bp also reads them)
     * @return [out, in, k, k]
     */
    static INDArray sum(INDArray input, INDArray coefficients, INDArray weights,
                        L1ConvolutionGradient.Engine engine) {
        boolean gpu = L1ConvolutionGradient.isGpuBackend();
        boolean nativeOp = engine == L1ConvolutionGradient.Engine.NATIVE
                || engine == L1ConvolutionGradient.Engine.AUTO && gpu;
        return nativeOp ? nativeSum(input, coefficients, weights)
                : im2colSum(input, coefficients, weights);
    }

    private static INDArray nativeSum(INDArray input, INDArray coefficients, INDArray weights) {
        int kernel = (int) weights.size(2);
        int pad = kernel / 2;
        INDArray contiguous = input.dup('c');
        INDArray inputGradient = Nd4j.create(DataType.FLOAT, input.shape());
        INDArray product = Nd4j.create(DataType.FLOAT, weights.shape());
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp")
                .addInputs(contiguous, weights, coefficients.dup('c'))
                .addOutputs(inputGradient, product)
                .addIntegerArguments(kernel, kernel, 1, 1, pad, pad, 1, 1, 0, 0, 1)
                .build());
        return product;
    }

    private static INDArray im2colSum(INDArray input, INDArray coefficients, INDArray weights) {
        long images = input.size(0);
        long inChannels = input.size(1);
        long positions = input.size(2) * input.size(3);
        long outChannels = weights.size(0);
        int kernel = (int) weights.size(2);
        long unfolded = inChannels * kernel * kernel;
        long chunk = Math.max(1, Math.min(images,
                Im2colL1Gradient.MAX_COLUMN_BYTES / (4 * unfolded * positions)));

        INDArray product = Nd4j.zeros(DataType.FLOAT, outChannels, unfolded);
        INDArray columns = Nd4j.create(DataType.FLOAT, chunk, inChannels, kernel, kernel,
                input.size(2), input.size(3));
        INDArray rows = coefficients.reshape('c', images, outChannels, positions);
        for (long start = 0; start < images; start += chunk) {
            long size = Math.min(chunk, images - start);
            INDArray chunkColumns = size == chunk ? columns
                    : columns.get(NDArrayIndex.interval(0, size));
            Im2colL1Gradient.unfold(input.get(NDArrayIndex.interval(start, start + size)),
                    kernel, chunkColumns);
            INDArray columnMatrices = chunkColumns.reshape('c', size, unfolded, positions);
            for (long image = 0; image < size; image++) {
                Nd4j.gemm(rows.tensorAlongDimension(start + image, 1, 2),
                        columnMatrices.tensorAlongDimension(image, 1, 2), product,
                        false, true, 1.0, 1.0);
            }
        }
        return product.reshape(weights.shape());
    }
}
