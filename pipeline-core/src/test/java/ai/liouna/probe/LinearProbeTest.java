package ai.liouna.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class LinearProbeTest {

    private static ProbeSettings settings(int epochs, int patience, double learningRate,
                                          double validationFraction, long seed) {
        return new ProbeSettings(epochs, patience, 64, learningRate, 0.0, validationFraction,
                seed);
    }

    /** Gaussian blobs: class means drawn once from {@code meanSeed}, unit noise around them. */
    private static FeatureSet blobs(int rows, int dimension, int classes, double separation,
                                    long meanSeed, long noiseSeed) {
        Random means = new Random(meanSeed);
        double[][] centre = new double[classes][dimension];
        for (double[] c : centre) {
            for (int j = 0; j < dimension; j++) {
                c[j] = separation * means.nextGaussian();
            }
        }
        Random noise = new Random(noiseSeed);
        float[] values = new float[rows * dimension];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = noise.nextInt(classes);
            for (int j = 0; j < dimension; j++) {
                values[i * dimension + j] = (float) (centre[labels[i]][j] + noise.nextGaussian()
                        + 3.0);
            }
        }
        return FeatureSet.of(values, dimension, labels);
    }

    private static FeatureSet withRandomLabels(FeatureSet set, int classes, long seed) {
        Random random = new Random(seed);
        int[] labels = new int[set.size()];
        Arrays.setAll(labels, i -> random.nextInt(classes));
        return new FeatureSet(set.features(), labels);
    }

    @Test
    void separableBlobsAreLearned() {
        FeatureSet train = blobs(2000, 32, 10, 1.0, 1, 2);
        FeatureSet test = blobs(1000, 32, 10, 1.0, 1, 3);

        ProbeResult result = new LinearProbe(settings(20, 5, 0.01, 0.1, 42))
                .run(train, test, 10);

        assertTrue(result.testTop1() > 0.95, "test top-1 " + result.testTop1());
        assertTrue(result.validationTop1() > 0.95, "validation top-1 "
                + result.validationTop1());
    }

    @Test
    void randomLabelsStayNearChanceOnTest() {
        FeatureSet train = withRandomLabels(blobs(2000, 64, 10, 1.0, 1, 2), 10, 5);
        FeatureSet test = withRandomLabels(blobs(2000, 64, 10, 1.0, 1, 3), 10, 6);

        ProbeResult result = new LinearProbe(settings(20, 5, 0.01, 0.1, 42))
                .run(train, test, 10);

        // Chance is 10%; 2000 test rows put 3 standard errors at about 2 points.
        assertEquals(0.10, result.testTop1(), 0.03, "test top-1 " + result.testTop1());
        assertTrue(result.trainTop1() > result.testTop1() + 0.05,
                "a linear model still fits some label noise on its training rows: "
                        + result.trainTop1());
    }

    /**
     * 500 features, 20 of them informative, 20% of labels flipped, 300 rows to fit: the readout
     * first picks up the informative features, then memorises the label noise, so validation
     * top-1 peaks within the first few epochs and falls afterwards.
     */
    private static FeatureSet overfittable(int rows, long seed) {
        int dimension = 500;
        Random random = new Random(seed);
        float[] values = new float[rows * dimension];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            double signal = 0;
            for (int j = 0; j < dimension; j++) {
                values[i * dimension + j] = (float) random.nextGaussian();
                signal += j < 20 ? values[i * dimension + j] : 0;
            }
            labels[i] = (random.nextDouble() < 0.2) != (signal > 0) ? 1 : 0;
        }
        return FeatureSet.of(values, dimension, labels);
    }

    private static ProbeSettings overfitting(int epochs, int patience) {
        return new ProbeSettings(epochs, patience, 32, 0.003, 0.0, 0.5, 7);
    }

    @Test
    void earlyStoppingKeepsTheBestValidationEpoch() {
        FeatureSet train = overfittable(600, 11);
        FeatureSet test = overfittable(400, 12);
        int epochs = 30;

        ProbeResult result = new LinearProbe(overfitting(epochs, epochs)).run(train, test, 2);

        double best = Collections.max(result.validationCurve());
        double last = result.validationCurve().get(epochs - 1);
        assertEquals(epochs, result.epochsRun());
        assertTrue(result.bestEpoch() <= 10, "validation should peak early: "
                + result.validationCurve());
        assertTrue(best > last + 0.03, "validation should fall after its peak: "
                + result.validationCurve());
        assertEquals(result.validationCurve().indexOf(best) + 1, result.bestEpoch());
        assertEquals(best, result.validationTop1(), 1e-12,
                "the kept weights must be those of the best validation epoch");
    }

    @Test
    void keptWeightsAreThoseOfTrainingOnlyUpToTheBestEpoch() {
        FeatureSet train = overfittable(600, 11);
        FeatureSet test = overfittable(400, 12);

        ProbeResult longRun = new LinearProbe(overfitting(30, 30)).run(train, test, 2);
        ProbeResult shortRun = new LinearProbe(overfitting(longRun.bestEpoch(), 30))
                .run(train, test, 2);

        assertEquals(shortRun.testTop1(), longRun.testTop1());
        assertEquals(shortRun.trainTop1(), longRun.trainTop1());
    }

    @Test
    void trainingStopsAfterPatienceEpochsWithoutImprovement() {
        FeatureSet train = overfittable(600, 11);
        FeatureSet test = overfittable(400, 12);

        ProbeResult result = new LinearProbe(overfitting(30, 3)).run(train, test, 2);

        assertEquals(result.bestEpoch() + 3, result.epochsRun());
        assertEquals(result.epochsRun(), result.validationCurve().size());
    }

    @Test
    void sameSeedGivesIdenticalResults() {
        FeatureSet train = blobs(1500, 24, 5, 0.4, 1, 2);
        FeatureSet test = blobs(500, 24, 5, 0.4, 1, 3);

        ProbeResult first = new LinearProbe(settings(8, 3, 0.01, 0.2, 9)).run(train, test, 5);
        ProbeResult second = new LinearProbe(settings(8, 3, 0.01, 0.2, 9)).run(train, test, 5);
        ProbeResult otherSeed = new LinearProbe(settings(8, 3, 0.01, 0.2, 10))
                .run(train, test, 5);

        assertEquals(first.validationCurve(), second.validationCurve());
        assertEquals(first.testTop1(), second.testTop1());
        assertEquals(first.trainTop1(), second.trainTop1());
        assertEquals(first.bestEpoch(), second.bestEpoch());
        assertNotEquals(first.validationCurve(), otherSeed.validationCurve());
    }

    /** The same rows in another order, as another partitioning would gather them. */
    private static FeatureSet reversed(FeatureSet set) {
        int rows = set.size();
        int[] order = new int[rows];
        Arrays.setAll(order, i -> rows - 1 - i);
        int[] labels = new int[rows];
        long[] ids = new long[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = set.labels()[order[i]];
            ids[i] = set.ids()[order[i]];
        }
        return new FeatureSet(Nd4j.pullRows(set.features(), 1, order), labels, ids);
    }

    @Test
    void rowOrderDoesNotChangeTheResult() {
        FeatureSet train = blobs(1500, 24, 5, 0.4, 1, 2);
        FeatureSet test = blobs(500, 24, 5, 0.4, 1, 3);
        LinearProbe probe = new LinearProbe(settings(6, 3, 0.01, 0.2, 9));

        ProbeResult inOrder = probe.run(train, test, 5);
        ProbeResult shuffled = probe.run(reversed(train), reversed(test), 5);

        assertEquals(inOrder.validationCurve(), shuffled.validationCurve());
        assertEquals(inOrder.trainTop1(), shuffled.trainTop1());
        assertEquals(inOrder.testTop1(), shuffled.testTop1());
    }

    @Test
    void testFeaturesAreStandardisedWithTrainingStatistics() {
        FeatureSet train = blobs(2000, 32, 10, 1.0, 1, 2);
        FeatureSet test = blobs(1000, 32, 10, 1.0, 1, 3);
        // The same test images seen through a shifted sensor: re-standardising them with their
        // own statistics would undo the shift and keep the accuracy.
        FeatureSet shifted = new FeatureSet(test.features().add(5.0), test.labels());
        LinearProbe probe = new LinearProbe(settings(20, 5, 0.01, 0.1, 42));

        double clean = probe.run(train, test, 10).testTop1();
        double moved = probe.run(train, shifted, 10).testTop1();

        assertTrue(clean > 0.95, "clean test top-1 " + clean);
        assertTrue(moved < clean - 0.3, "shifted test top-1 " + moved
                + " shows the shift was normalised away with test statistics");
    }

    @Test
    void validationSplitIsSeededDisjointAndComplete() {
        LinearProbe probe = new LinearProbe(settings(1, 1, 0.01, 0.25, 3));

        int[] rows = new int[101];
        Arrays.setAll(rows, i -> i);
        int[][] split = probe.validationSplit(rows, new SplittableRandom(3));
        int[][] again = probe.validationSplit(rows, new SplittableRandom(3));

        assertEquals(25, split[1].length);
        assertEquals(76, split[0].length);
        assertArrayEquals(split[1], again[1]);
        Set<Integer> all = new HashSet<>();
        Arrays.stream(split[0]).forEach(all::add);
        Arrays.stream(split[1]).forEach(all::add);
        assertEquals(101, all.size());
    }
}
