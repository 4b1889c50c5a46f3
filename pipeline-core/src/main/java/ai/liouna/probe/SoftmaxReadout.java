package ai.liouna.probe;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A linear classifier with a softmax output: logits = x W + b. Its weights and bias are views
 * into one flat parameter row (and its gradient into one flat gradient row) so that a single
 * optimiser step updates both.
 */
final class SoftmaxReadout {

    /** Keeps log() finite for a probability that underflowed to zero. */
    private static final double LOG_FLOOR = 1e-30;

    private final int features;
    private final int classes;
    /** [1, features * classes + classes]: the weights row by row, then the bias. */
    private final INDArray parameters;
    /** [features, classes], a view into {@link #parameters}. */
    private final INDArray weights;
    /** [1, classes], a view into {@link #parameters}. */
    private final INDArray bias;
    /** Same layout as {@link #parameters}. */
    private final INDArray gradient;
    private final INDArray weightGradient;
    private final INDArray biasGradient;

    /** A readout with zero weights and bias: every class equally likely. */
    SoftmaxReadout(int features, int classes) {
        this.features = features;
        this.classes = classes;
        long weightCount = (long) features * classes;
        this.parameters = Nd4j.zeros(DataType.FLOAT, 1, weightCount + classes);
        this.gradient = Nd4j.zeros(DataType.FLOAT, 1, weightCount + classes);
        this.weights = weightsOf(parameters);
        this.bias = biasOf(parameters);
        this.weightGradient = weightsOf(gradient);
        this.biasGradient = biasOf(gradient);
    }

    private INDArray weightsOf(INDArray flat) {
        long weightCount = (long) features * classes;
        return flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, weightCount))
                .reshape('c', features, classes);
    }

    private INDArray biasOf(INDArray flat) {
        long weightCount = (long) features * classes;
        return flat.get(NDArrayIndex.point(0),
                NDArrayIndex.interval(weightCount, weightCount + classes)).reshape(1, classes);
    }

    INDArray parameters() {
        return parameters;
    }

    INDArray gradient() {
        return gradient;
    }

    int classes() {
        return classes;
    }

    /** x W + b for rows {@code x} [n, features]: [n, classes]. */
    INDArray logits(INDArray x) {
        // Nd4j.gemm measured 2-3x faster than INDArray.mmul for this tall-by-narrow product.
        return Nd4j.gemm(x, weights, false, false).addiRowVector(bias);
    }

    /**
     * Fills {@link #gradient()} with the gradient of the mean cross-entropy over the batch plus
     * {@code weightDecay / 2 * |W|^2}, and returns the summed cross-entropy of the batch.
     *
     * @param x      batch rows [n, features]
     * @param oneHot the batch's labels as one-hot rows [n, classes]
     */
    double computeGradient(INDArray x, INDArray oneHot, double weightDecay) {
        INDArray probabilities = Transforms.softmax(logits(x), false);
        double loss = -Transforms.log(probabilities.mul(oneHot).sum(1).addi(LOG_FLOOR), false)
                .sumNumber().doubleValue();

        // d(mean cross-entropy)/d(logits) = (softmax - one-hot) / n.
        INDArray logitGradient = probabilities.subi(oneHot).divi(x.size(0));
        Nd4j.gemm(x, logitGradient, weightGradient, true, false, 1.0, 0.0);
        if (weightDecay > 0) {
            weightGradient.addi(weights.mul(weightDecay));
        }
        biasGradient.assign(logitGradient.sum(true, 0));
        return loss;
    }

    /** The most likely class of each row of {@code x}. */
    int[] predict(INDArray x) {
        return logits(x).argMax(1).toIntVector();
    }
}
