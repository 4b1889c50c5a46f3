package ai.liouna.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The proximal step for the norm constraint of the Liouna paper (its eq. 6): every neuron, one
 * output channel of a convolution, is rescaled to L2 norm {@code c}.
 */
public final class NeuronNorms {

    private NeuronNorms() {
    }

    /** Each neuron's L2 norm, one entry per output channel of {@code weights} [out, ...]. */
    public static INDArray of(INDArray weights) {
        return asNeuronRows(weights).norm2(1);
    }

    /**
     * Rescales every neuron of {@code weights} [out, ...] in place to norm {@code c}. A neuron
     * that is exactly zero has no direction; it is set to the constant vector of norm c, one of
     * the equally valid solutions of the proximal problem.
     */
    public static void project(INDArray weights, double c) {
        INDArray rows = asNeuronRows(weights);
        INDArray norms = rows.norm2(true, 1);
        long zeros = norms.eq(0).castTo(norms.dataType()).sumNumber().longValue();
        if (zeros > 0) {
            fillZeroNeurons(rows, norms, c);
        }
        rows.diviColumnVector(norms).muli(c);
        // reshape() may have copied a non-contiguous array; write the result back either way.
        weights.assign(rows.reshape(weights.shape()));
    }

    private static void fillZeroNeurons(INDArray rows, INDArray norms, double c) {
        double constant = c / Math.sqrt(rows.size(1));
        for (long neuron = 0; neuron < rows.size(0); neuron++) {
            if (norms.getDouble(neuron, 0) == 0.0) {
                rows.getRow(neuron).assign(constant);
                norms.putScalar(neuron, 0, c);
            }
        }
    }

    private static INDArray asNeuronRows(INDArray weights) {
        long neurons = weights.size(0);
        return weights.reshape('c', neurons, weights.length() / neurons);
    }

    /** A zero-filled array shaped like {@code weights}, for accumulating updates. */
    public static INDArray zerosLike(INDArray weights) {
        return Nd4j.zeros(weights.dataType(), weights.shape());
    }
}
