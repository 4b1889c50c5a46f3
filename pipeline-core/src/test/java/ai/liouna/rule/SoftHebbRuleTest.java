package ai.liouna.rule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ai.liouna.model.Backbone;
import ai.liouna.model.BlockDesign;
import ai.liouna.model.ModelSpec;
import ai.liouna.model.NeuronNorms;
import ai.liouna.model.WeightInitScheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class SoftHebbRuleTest {

    private static final double RADIUS = 25.0;

    static ModelSpec spec(BlockDesign design, double radius) {
        return new ModelSpec(design, 3, 8, List.of(4, 6), List.of(3, 3),
                WeightInitScheme.SOFTHEBB, radius, 11L);
    }

    static SoftHebbRule rule(double learningRate, List<Double> temperatures,
                             L1ConvolutionGradient.Engine engine) {
        return new SoftHebbRule(new SoftHebbSettings(learningRate, temperatures, 0.5), engine);
    }

    static INDArray images(long seed, int count) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, count, 3, 8, 8);
    }

    @ParameterizedTest
    @CsvSource({"OURS, IM2COL", "OURS, NATIVE", "PNB, IM2COL", "PNBT, NATIVE"})
    void everyBlocksUpdateEqualsTheFormulaInPlainLoops(BlockDesign design,
                                                       L1ConvolutionGradient.Engine engine) {
        // A small radius keeps u / T in a range where the softmax is far from one-hot.
        Backbone backbone = Backbone.create(spec(design, 1.5));
        SoftHebbRule rule = rule(0.01, List.of(0.7, 1.3), engine);
        INDArray images = images(1, 3);

        LocalUpdate computed = rule.computeUpdate(backbone, images, RandomKey.of(1));

        Backbone.Activations activations = backbone.forward(images, true);
        for (int block = 0; block < backbone.depth(); block++) {
            double temperature = block == 0 ? 0.7 : 1.3;
            INDArray weights = backbone.convolutionWeights(block);
            double[] loss = new double[1];
            float[] expected = BruteForce.update(activations.convolutionInput(block), weights,
                    temperature, loss);
            assertClose(expected, computed.gradientSum(block), "block " + block);
            assertEquals(loss[0], computed.lossSum(block), 1e-3 * Math.abs(loss[0]));
            assertEquals(activations.convolutionOutput(block).length() / weights.size(0),
                    computed.outputElements(block));
        }
    }

    @Test
    void mergingTwoHalfBatchesEqualsTheWholeBatch() {
        Backbone backbone = Backbone.create(spec(BlockDesign.OURS, RADIUS));
        SoftHebbRule rule = rule(0.01, List.of(1.0), L1ConvolutionGradient.Engine.IM2COL);
        INDArray images = images(2, 6);

        LocalUpdate whole = rule.computeUpdate(backbone, images, RandomKey.of(3));
        LocalUpdate merged = rule.computeUpdate(backbone,
                        images.get(NDArrayIndex.interval(0, 2)), RandomKey.of(4))
                .merge(rule.computeUpdate(backbone, images.get(NDArrayIndex.interval(2, 6)),
                        RandomKey.of(5)));

        assertEquals(whole.images(), merged.images());
        for (int block = 0; block < backbone.depth(); block++) {
            assertClose(whole.gradientSum(block), merged.gradientSum(block), "block " + block);
            assertEquals(whole.meanLoss(block), merged.meanLoss(block), 1e-5);
        }
    }

    @Test
    void learningRateFallsToZeroAsTheNormReachesOne() {
        SoftHebbRule rule = rule(0.02, List.of(1.0), L1ConvolutionGradient.Engine.AUTO);
        double[] norms = {25, 5, 1.5, 1.01, 1.0001, 1};
        Nd4j.getRandom().setSeed(8);
        INDArray rows = Nd4j.rand(DataType.DOUBLE, norms.length, 18).addi(0.1);
        for (int neuron = 0; neuron < norms.length; neuron++) {
            INDArray row = rows.getRow(neuron);
            row.muli(norms[neuron] / row.norm2Number().doubleValue());
        }
        INDArray weights = rows.reshape(norms.length, 2, 3, 3);

        double[] rates = rule.learningRates(weights);

        assertEquals(0.02 * Math.sqrt(24), rates[0], 1e-6);
        assertEquals(0.02 * Math.sqrt(0.5), rates[2], 1e-6);
        for (int neuron = 1; neuron < norms.length; neuron++) {
            assertTrue(rates[neuron] < rates[neuron - 1], "rate at norm " + norms[neuron]);
        }
        assertEquals(0.0, rates[norms.length - 1], 1e-3 * 0.02);
    }

    @Test
    void applyAddsTheMaxNormalisedUpdateScaledByEachNeuronsRate() {
        Backbone backbone = Backbone.create(spec(BlockDesign.PNB, RADIUS));
        SoftHebbRule rule = rule(0.05, List.of(0.75), L1ConvolutionGradient.Engine.AUTO);
        LocalUpdate update = rule.computeUpdate(backbone, images(3, 4), RandomKey.of(1));
        INDArray before = backbone.convolutionWeights(1).dup();
        double[] rates = rule.learningRates(before);

        rule.apply(backbone, update);

        INDArray delta = Nd4j.createFromArray(update.gradientSum(1)).reshape(6, 4 * 9);
        delta.divi(delta.amaxNumber());
        INDArray expected = before.reshape(6, 36).add(delta.mulColumnVector(
                Nd4j.createFromArray(rates).castTo(DataType.FLOAT).reshape(6, 1)));
        assertTrue(expected.equalsWithEps(backbone.convolutionWeights(1).reshape(6, 36), 1e-5));
    }

    @Test
    void neuronNormsConvergeFromTheInitRadiusTowardsOne() {
        Backbone backbone = Backbone.create(spec(BlockDesign.PNB, RADIUS));
        SoftHebbRule rule = rule(0.3, List.of(0.75), L1ConvolutionGradient.Engine.AUTO);
        INDArray images = LiounaRuleTest.smoothImages(4, 8).get(NDArrayIndex.all(),
                NDArrayIndex.all(), NDArrayIndex.interval(0, 8), NDArrayIndex.interval(0, 8)).dup();
        double[] halfway = new double[backbone.depth()];
        for (int step = 0; step < 40; step++) {
            rule.apply(backbone, rule.computeUpdate(backbone, images, RandomKey.of(step)));
            for (int block = 0; step == 9 && block < backbone.depth(); block++) {
                halfway[block] = NeuronNorms.of(backbone.convolutionWeights(block))
                        .maxNumber().doubleValue();
            }
        }
        for (int block = 0; block < backbone.depth(); block++) {
            INDArray norms = NeuronNorms.of(backbone.convolutionWeights(block));
            assertTrue(halfway[block] < 0.5 * RADIUS, "block " + block + " after 10 steps");
            assertTrue(Math.abs(norms.maxNumber().doubleValue() - 1) < 0.01
                    && Math.abs(norms.minNumber().doubleValue() - 1) < 0.01,
                    "block " + block + " neuron norms after 40 steps: " + norms);
        }
    }

    @Test
    void sameInputsSameUpdateAndSameTrajectory() {
        INDArray images = images(6, 4);
        Backbone first = Backbone.create(spec(BlockDesign.PNB, RADIUS));
        Backbone second = Backbone.create(spec(BlockDesign.PNB, RADIUS));
        SoftHebbRule rule = rule(0.01, List.of(0.75), L1ConvolutionGradient.Engine.AUTO);
        for (int step = 0; step < 3; step++) {
            LocalUpdate a = rule.computeUpdate(first, images, RandomKey.of(step));
            LocalUpdate b = rule.computeUpdate(second, images, RandomKey.of(step + 100));
            assertArrayEquals(a.gradientSum(1), b.gradientSum(1));
            rule.apply(first, a);
            rule.apply(second, b);
        }
        assertEquals(first.network().params(), second.network().params());
    }

    @Test
    void temperatureListMustMatchTheDepth() {
        SoftHebbRule rule = rule(0.01, List.of(0.5, 0.6, 0.7), L1ConvolutionGradient.Engine.AUTO);
        Backbone backbone = Backbone.create(spec(BlockDesign.OURS, RADIUS));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> rule.prepare(backbone));
        assertTrue(error.getMessage().contains("one per block"), error.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SoftHebbSettings(0.01, List.of(0.0), 0.5));
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (float value : expected) {
            scale = Math.max(scale, Math.abs(value));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-4 * scale + 1e-6, what + " entry " + i);
        }
    }

    /** The SoftHebb update of one convolution, position by position, in doubles. */
    static final class BruteForce {

        private BruteForce() {
        }

        static float[] update(INDArray inputArray, INDArray weightArray, double temperature,
                              double[] lossSum) {
            double[][][][] x = toArray(inputArray);
            double[][][][] w = toArray(weightArray);
            int out = w.length;
            int in = w[0].length;
            int k = w[0][0].length;
            double[][][][] delta = new double[out][in][k][k];
            for (double[][][] image : x) {
                for (int row = 0; row < image[0].length; row++) {
                    for (int column = 0; column < image[0][0].length; column++) {
                        double[][][] patch = patch(image, row, column, k);
                        accumulate(patch, w, temperature, delta, lossSum);
                    }
                }
            }
            float[] flat = new float[out * in * k * k];
            int index = 0;
            for (double[][][] neuron : delta) {
                for (double[][] channel : neuron) {
                    for (double[] line : channel) {
                        for (double value : line) {
                            flat[index++] = (float) value;
                        }
                    }
                }
            }
            return flat;
        }

        private static void accumulate(double[][][] patch, double[][][][] w, double temperature,
                                       double[][][][] delta, double[] lossSum) {
            int out = w.length;
            double[] u = new double[out];
            int winner = 0;
            for (int o = 0; o < out; o++) {
                u[o] = dot(w[o], patch);
                winner = u[o] > u[winner] ? o : winner;
            }
            double normaliser = 0;
            for (int o = 0; o < out; o++) {
                normaliser += Math.exp((u[o] - u[winner]) / temperature);
            }
            lossSum[0] += Math.log(normaliser);
            for (int o = 0; o < out; o++) {
                double y = Math.exp((u[o] - u[winner]) / temperature) / normaliser;
                double signed = o == winner ? y : -y;
                for (int i = 0; i < patch.length; i++) {
                    for (int a = 0; a < patch[0].length; a++) {
                        for (int b = 0; b < patch[0].length; b++) {
                            delta[o][i][a][b] += signed * (patch[i][a][b] - u[o] * w[o][i][a][b]);
                        }
                    }
                }
            }
        }

        /** The k x k patch centred at (row, column), zero outside the image. */
        private static double[][][] patch(double[][][] image, int row, int column, int k) {
            double[][][] patch = new double[image.length][k][k];
            for (int i = 0; i < image.length; i++) {
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        int r = row + a - k / 2;
                        int c = column + b - k / 2;
                        boolean inside = r >= 0 && c >= 0 && r < image[i].length
                                && c < image[i][0].length;
                        patch[i][a][b] = inside ? image[i][r][c] : 0;
                    }
                }
            }
            return patch;
        }

        private static double dot(double[][][] a, double[][][] b) {
            double sum = 0;
            for (int i = 0; i < a.length; i++) {
                for (int r = 0; r < a[i].length; r++) {
                    for (int c = 0; c < a[i][r].length; c++) {
                        sum += a[i][r][c] * b[i][r][c];
                    }
                }
            }
            return sum;
        }

        private static double[][][][] toArray(INDArray array) {
            long[] s = array.shape();
            double[][][][] values = new double[(int) s[0]][(int) s[1]][(int) s[2]][(int) s[3]];
            for (int a = 0; a < s[0]; a++) {
                for (int b = 0; b < s[1]; b++) {
                    for (int c = 0; c < s[2]; c++) {
                        for (int d = 0; d < s[3]; d++) {
                            values[a][b][c][d] = array.getDouble(a, b, c, d);
                        }
                    }
                }
            }
            return values;
        }
    }
}
