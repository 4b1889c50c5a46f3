package ai.liouna.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The closed-form updates against SameDiff's gradients of the same local losses. */
class L1ConvolutionGradientTest {

    private static final L1ConvolutionGradient.Engine[] ENGINES = {
        L1ConvolutionGradient.Engine.IM2COL, L1ConvolutionGradient.Engine.NATIVE};

    @ParameterizedTest
    @EnumSource(value = L1ConvolutionGradient.Engine.class, names = {"IM2COL", "NATIVE"})
    void jointUpdateIsTheGradientThroughBothBranches(L1ConvolutionGradient.Engine engine) {
        Nd4j.getRandom().setSeed(1);
        INDArray weights = Nd4j.randn(DataType.FLOAT, 6, 4, 3, 3);
        INDArray x = Nd4j.randn(DataType.FLOAT, 3, 4, 7, 7);
        INDArray maskedX = x.mul(Nd4j.rand(DataType.FLOAT, x.shape()).gt(0.5)
                .castTo(DataType.FLOAT));

        INDArray gradient = Nd4j.zeros(DataType.FLOAT, weights.shape());
        double loss = L1ConvolutionGradient.create(engine)
                .accumulate(weights, x.sub(maskedX), null, gradient);

        INDArray expected = AutodiffReference.jointGradient(weights, x, maskedX);
        assertClose(expected, gradient);
        INDArray difference = convolve(x, weights).sub(convolve(maskedX, weights));
        assertEquals(difference.norm1Number().doubleValue(), loss, 1e-3 * loss);
    }

    @ParameterizedTest
    @EnumSource(value = L1ConvolutionGradient.Engine.class, names = {"IM2COL", "NATIVE"})
    void detachedUpdateIsTheGradientWithAFixedTarget(L1ConvolutionGradient.Engine engine) {
        Nd4j.getRandom().setSeed(2);
        INDArray weights = Nd4j.randn(DataType.FLOAT, 5, 3, 5, 5);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, 8, 8);
        INDArray maskedX = x.mul(Nd4j.rand(DataType.FLOAT, x.shape()).gt(0.3)
                .castTo(DataType.FLOAT));
        INDArray target = convolve(x, weights);

        INDArray gradient = Nd4j.zeros(DataType.FLOAT, weights.shape());
        L1ConvolutionGradient.create(engine).accumulate(weights, maskedX, target, gradient);

        assertClose(AutodiffReference.detachedGradient(weights, maskedX, target), gradient);
    }

    @ParameterizedTest
    @EnumSource(value = L1ConvolutionGradient.Engine.class, names = {"IM2COL", "NATIVE"})
    void gradientAccumulatesIntoTheSum(L1ConvolutionGradient.Engine engine) {
        Nd4j.getRandom().setSeed(3);
        INDArray weights = Nd4j.randn(DataType.FLOAT, 4, 2, 3, 3);
        INDArray probe = Nd4j.randn(DataType.FLOAT, 2, 2, 5, 5);
        L1ConvolutionGradient kernel = L1ConvolutionGradient.create(engine);
        INDArray once = Nd4j.zeros(DataType.FLOAT, weights.shape());
        kernel.accumulate(weights, probe, null, once);
        INDArray twice = Nd4j.zeros(DataType.FLOAT, weights.shape());
        kernel.accumulate(weights, probe, null, twice);
        kernel.accumulate(weights, probe, null, twice);
        assertClose(once.mul(2), twice);
    }

    @org.junit.jupiter.api.Test
    void bothEnginesAgreeOnALargerLayer() {
        Nd4j.getRandom().setSeed(4);
        INDArray weights = Nd4j.randn(DataType.FLOAT, 16, 8, 3, 3);
        INDArray probe = Nd4j.randn(DataType.FLOAT, 9, 8, 12, 12);
        INDArray target = Nd4j.randn(DataType.FLOAT, 9, 16, 12, 12);
        INDArray[] gradients = new INDArray[ENGINES.length];
        double[] losses = new double[ENGINES.length];
        for (int i = 0; i < ENGINES.length; i++) {
            gradients[i] = Nd4j.zeros(DataType.FLOAT, weights.shape());
            losses[i] = L1ConvolutionGradient.create(ENGINES[i])
                    .accumulate(weights, probe, target, gradients[i]);
        }
        assertClose(gradients[0], gradients[1]);
        assertEquals(losses[0], losses[1], 1e-4 * losses[0]);
    }

    private static INDArray convolve(INDArray input, INDArray weights) {
        return ai.liouna.model.BlockOps.convolve(input, weights);
    }

    static void assertClose(INDArray expected, INDArray actual) {
        double scale = Transforms.abs(expected).maxNumber().doubleValue();
        double error = Transforms.abs(expected.sub(actual)).maxNumber().doubleValue();
        assertTrue(error <= 1e-4 * Math.max(1.0, scale),
                "max |difference| " + error + " against max |expected| " + scale);
    }
}
