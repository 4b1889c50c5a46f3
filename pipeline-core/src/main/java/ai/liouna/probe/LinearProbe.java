package ai.liouna.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import ai.liouna.rule.StepWorkspace;
import ai.liouna.util.Permutations;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The linear readout that scores a frozen backbone: multinomial logistic regression (a
 * {@link SoftmaxReadout} trained on cross-entropy) on standardised features, trained with
 * mini-batch Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) and
 * early stopping on a held-out validation split, as in the evaluation of Rezk, Antoniou, Gouk
 * and Hospedales, "Liouna: Biologically Plausible Learning for Efficient Pre-Training of
 * Transferrable Deep Models", WANT@ICML 2024, Section 3 ("evaluate linear readouts on a
 * validation split for early stopping").
 *
 * <p>The validation rows, the standardisation statistics (from the remaining training rows
 * only) and every epoch's shuffle are fixed by the seed, so a run is repeatable. The weights of
 * the epoch with the best validation top-1 are kept; training stops after {@code patience}
 * epochs without improvement. The test features are used once, at the end. Input features are
 * never modified or copied whole: rows are gathered and standardised a batch at a time. Rows
 * are taken in image-id order, so the layout of the input matrices does not change a result.
 */
public final class LinearProbe {

    private static final Logger LOG = LoggerFactory.getLogger(LinearProbe.class);

    /** Rows per matrix product when evaluating; bounds temporary memory. */
    private static final int EVALUATION_ROWS = 2048;
    /** Adam's moment decay rates and epsilon, the defaults of Kingma and Ba. */
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double ADAM_EPSILON = 1e-8;

    private final ProbeSettings settings;

    public LinearProbe(ProbeSettings settings) {
        this.settings = settings;
    }

    /** Trains a readout on {@code train} and scores it on {@code test}. */
    public ProbeResult run(FeatureSet train, FeatureSet test, int classes) {
        long start = System.nanoTime();
        checkInputs(train, test, classes);
        SplittableRandom random = new SplittableRandom(settings.seed());
        int[][] split = validationSplit(train.rowsInIdOrder(), random);
        FeatureStandardiser standardiser = FeatureStandardiser.fit(train.features(), split[0]);
        StandardisedRows fit = new StandardisedRows(train, split[0], standardiser);
        StandardisedRows validation = new StandardisedRows(train, split[1], standardiser);
        LOG.debug("probe standardisation fitted in {} s", seconds(start));

        SoftmaxReadout readout = new SoftmaxReadout(train.dimension(), classes);
        List<Double> curve = new ArrayList<>();
        int bestEpoch = train(readout, fit, validation, random, curve);

        StandardisedRows testRows = new StandardisedRows(test, test.rowsInIdOrder(),
                standardiser);
        ProbeResult result = new ProbeResult(top1(readout, fit), top1(readout, validation),
                top1(readout, testRows), bestEpoch, curve.size(), curve, seconds(start));
        LOG.info("linear probe on {} features: {} fit / {} validation / {} test rows, kept epoch"
                + " {} of {}; top-1 train {}, validation {}, test {} ({} s)", train.dimension(),
                fit.size(), validation.size(), test.size(), result.bestEpoch(),
                result.epochsRun(), percent(result.trainTop1()),
                percent(result.validationTop1()), percent(result.testTop1()), result.seconds());
        return result;
    }

    private static void checkInputs(FeatureSet train, FeatureSet test, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a linear probe needs at least 2 classes, got "
                    + classes);
        }
        if (train.dimension() != test.dimension()) {
            throw new IllegalArgumentException("training features have " + train.dimension()
                    + " dimensions but test features " + test.dimension());
        }
        train.checkLabels(classes, "training features");
        test.checkLabels(classes, "test features");
    }

    /**
     * Row indices {fit, validation}: of {@code rowsInIdOrder}, the first
     * {@code validationFraction} of a seeded permutation are held out. Both parts keep the
     * id order, so they depend on the ids and the seed only, not on how rows are laid out.
     */
    int[][] validationSplit(int[] rowsInIdOrder, SplittableRandom random) {
        int rows = rowsInIdOrder.length;
        int held = settings.validationFraction() == 0 ? 0
                : (int) Math.max(1, Math.round(settings.validationFraction() * rows));
        if (rows - held < 1) {
            throw new IllegalArgumentException("probe.validationFraction "
                    + settings.validationFraction() + " leaves no training rows out of " + rows);
        }
        int[] order = Permutations.shuffled(rows, random);
        int[] validation = Arrays.copyOfRange(order, 0, held);
        int[] fit = Arrays.copyOfRange(order, held, rows);
        Arrays.sort(validation);
        Arrays.sort(fit);
        return new int[][] {select(rowsInIdOrder, fit), select(rowsInIdOrder, validation)};
    }

    private static int[] select(int[] rows, int[] positions) {
        int[] selected = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            selected[i] = rows[positions[i]];
        }
        return selected;
    }

    /**
     * Adam epochs with early stopping; leaves the kept weights in {@code readout}, appends each
     * epoch's validation top-1 to {@code curve}, and returns the kept epoch.
     */
    private int train(SoftmaxReadout readout, StandardisedRows fit, StandardisedRows validation,
                      SplittableRandom random, List<Double> curve) {
        GradientUpdater<?> adam = new Adam(settings.learningRate(), BETA1, BETA2, ADAM_EPSILON)
                .instantiate(Nd4j.zeros(DataType.FLOAT, 1, 2 * readout.parameters().length()),
                        true);
        INDArray best = readout.parameters().dup();
        double bestTop1 = -1;
        int bestEpoch = 0;
        int iteration = 0;
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            double loss = trainEpoch(readout, adam, fit, random, iteration, epoch);
            iteration += (fit.size() + settings.batchSize() - 1) / settings.batchSize();
            double top1 = top1(readout, validation);
            curve.add(top1);
            LOG.debug("probe epoch {}: mean training loss {}, validation top-1 {} ({} s)", epoch,
                    String.format("%.4f", loss), percent(top1), seconds(epochStart));
            if (validation.size() == 0 || top1 > bestTop1) {
                bestTop1 = top1;
                bestEpoch = epoch;
                best.assign(readout.parameters());
            } else if (epoch - bestEpoch >= settings.patience()) {
                break;
            }
        }
        readout.parameters().assign(best);
        return bestEpoch;
    }

    /** One pass over {@code fit} in a fresh shuffled order; returns the mean loss. */
    private double trainEpoch(SoftmaxReadout readout, GradientUpdater<?> adam,
                              StandardisedRows fit, SplittableRandom random, int iteration,
                              int epoch) {
        int[] order = Permutations.shuffled(fit.size(), random);
        double lossSum = 0;
        for (int from = 0; from < order.length; from += settings.batchSize()) {
            int[] batch = Arrays.copyOfRange(order, from,
                    Math.min(order.length, from + settings.batchSize()));
            try (MemoryWorkspace workspace = StepWorkspace.open("linear-probe-step")) {
                lossSum += readout.computeGradient(fit.read(batch),
                        oneHot(fit, batch, readout.classes()), settings.weightDecay());
                adam.applyUpdater(readout.gradient(), iteration++, epoch);
                readout.parameters().subi(readout.gradient());
            }
        }
        return lossSum / order.length;
    }

    /** Top-1 of {@code readout} on {@code rows}; NaN when there are none. */
    private static double top1(SoftmaxReadout readout, StandardisedRows rows) {
        if (rows.size() == 0) {
            return Double.NaN;
        }
        long correct = 0;
        for (int from = 0; from < rows.size(); from += EVALUATION_ROWS) {
            int to = Math.min(rows.size(), from + EVALUATION_ROWS);
            try (MemoryWorkspace workspace = StepWorkspace.open("linear-probe-evaluation")) {
                int[] predicted = readout.predict(rows.read(from, to));
                for (int i = 0; i < predicted.length; i++) {
                    correct += predicted[i] == rows.label(from + i) ? 1 : 0;
                }
            }
        }
        return (double) correct / rows.size();
    }

    private static INDArray oneHot(StandardisedRows rows, int[] positions, int classes) {
        float[] values = new float[positions.length * classes];
        for (int i = 0; i < positions.length; i++) {
            values[i * classes + rows.label(positions[i])] = 1f;
        }
        return Nd4j.create(values, new long[] {positions.length, classes}, 'c');
    }

    private static double seconds(long sinceNanos) {
        return Math.round((System.nanoTime() - sinceNanos) / 1e7) / 100.0;
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format("%.2f%%", 100 * fraction);
    }
}
