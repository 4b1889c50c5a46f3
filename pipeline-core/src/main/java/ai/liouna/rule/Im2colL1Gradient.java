package ai.liouna.rule;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link L1ConvolutionGradient} on the CPU: unfold the probe once (im2col), then both the
 * convolution and the weight gradient are matrix products over the same unfolded columns. The
 * batch is processed in chunks so the unfolded columns stay under a fixed size.
 */
final class Im2colL1Gradient implements L1ConvolutionGradient {

    /** Upper bound on the unfolded columns of one chunk; k*k times the probe's own size. */
    static final long MAX_COLUMN_BYTES = 256L << 20;

    @Override
    public double accumulate(INDArray weights, INDArray probe, INDArray target,
                             INDArray gradientSum) {
        long images = probe.size(0);
        long inChannels = probe.size(1);
        long height = probe.size(2);
        long width = probe.size(3);
        long outChannels = weights.size(0);
        int kernel = (int) weights.size(2);
        long unfolded = inChannels * kernel * kernel;
        long columnsPerImage = unfolded * height * width;
        long chunk = Math.max(1, Math.min(images, MAX_COLUMN_BYTES / (4 * columnsPerImage)));

        INDArray weightRows = weights.reshape('c', outChannels, unfolded);
        INDArray gradientRows = Nd4j.zeros(DataType.FLOAT, outChannels, unfolded);
        INDArray columns = Nd4j.create(DataType.FLOAT, chunk, inChannels, kernel, kernel,
                height, width);
        INDArray outputs = Nd4j.create(DataType.FLOAT, chunk, outChannels, height * width);
        double loss = 0;
        for (long start = 0; start < images; start += chunk) {
            long size = Math.min(chunk, images - start);
            INDArray chunkColumns = size == chunk ? columns
                    : columns.get(NDArrayIndex.interval(0, size));
            INDArray chunkOutputs = size == chunk ? outputs
                    : outputs.get(NDArrayIndex.interval(0, size));
            unfold(probe.get(NDArrayIndex.interval(start, start + size)), kernel, chunkColumns);
            INDArray columnMatrices = chunkColumns.reshape('c', size, unfolded, height * width);

            for (long image = 0; image < size; image++) {
                Nd4j.gemm(weightRows, columnMatrices.tensorAlongDimension(image, 1, 2),
                        chunkOutputs.tensorAlongDimension(image, 1, 2), false, false, 1.0, 0.0);
            }
            if (target != null) {
                INDArray targetChunk = target.get(NDArrayIndex.interval(start, start + size));
                chunkOutputs.subi(targetChunk.reshape('c', size, outChannels, height * width));
            }
            loss += chunkOutputs.norm1Number().doubleValue();
            Transforms.sign(chunkOutputs, false);

            for (long image = 0; image < size; image++) {
                Nd4j.gemm(chunkOutputs.tensorAlongDimension(image, 1, 2),
                        columnMatrices.tensorAlongDimension(image, 1, 2), gradientRows,
                        false, true, 1.0, 1.0);
            }
        }
        gradientSum.addi(gradientRows.reshape(gradientSum.shape()));
        return loss;
    }

    /** Unfolds {@code input} [n, in, h, w] into {@code columns} [n, in, k, k, h, w]. */
    static void unfold(INDArray input, int kernel, INDArray columns) {
        int pad = kernel / 2;
        Nd4j.exec(DynamicCustomOp.builder("im2col")
                .addInputs(input.dup('c'))
                .addOutputs(columns)
                .addIntegerArguments(kernel, kernel, 1, 1, pad, pad, 1, 1, 0)
                .addFloatingPointArguments(0.0)
                .build());
    }
}
