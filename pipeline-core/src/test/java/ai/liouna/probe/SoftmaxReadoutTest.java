package ai.liouna.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SoftmaxReadoutTest {

    private static final double WEIGHT_DECAY = 0.3;

    /** Mean cross-entropy plus the L2 term, from the readout's current parameters. */
    private static double objective(SoftmaxReadout readout, INDArray x, INDArray oneHot) {
        double loss = readout.computeGradient(x, oneHot, WEIGHT_DECAY) / x.size(0);
        int weights = (int) (readout.parameters().length() - readout.classes());
        INDArray w = readout.parameters().get(
                org.nd4j.linalg.indexing.NDArrayIndex.point(0),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, weights));
        return loss + WEIGHT_DECAY / 2 * w.mul(w).sumNumber().doubleValue();
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        Nd4j.getRandom().setSeed(3);
        SoftmaxReadout readout = new SoftmaxReadout(4, 3);
        readout.parameters().assign(Nd4j.randn(DataType.FLOAT, 1, 15).muli(0.5));
        INDArray x = Nd4j.randn(DataType.FLOAT, 6, 4);
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, 6, 3);
        for (int i = 0; i < 6; i++) {
            oneHot.putScalar(i, i % 3, 1);
        }

        readout.computeGradient(x, oneHot, WEIGHT_DECAY);
        float[] analytic = readout.gradient().toFloatVector();

        double step = 1e-2;
        for (int p = 0; p < analytic.length; p++) {
            double original = readout.parameters().getDouble(0, p);
            readout.parameters().putScalar(0, p, original + step);
            double up = objective(readout, x, oneHot);
            readout.parameters().putScalar(0, p, original - step);
            double down = objective(readout, x, oneHot);
            readout.parameters().putScalar(0, p, original);
            assertEquals((up - down) / (2 * step), analytic[p], 2e-3, "parameter " + p);
        }
    }
}
