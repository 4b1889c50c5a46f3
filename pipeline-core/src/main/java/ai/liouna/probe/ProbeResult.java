package ai.liouna.probe;

import java.util.List;

/**
 * What a linear probe achieved. Accuracies are fractions in [0, 1]; validation accuracies are
 * NaN when no validation rows were held out.
 *
 * @param trainTop1       top-1 on the rows the readout was fitted on, with the kept weights
 * @param validationTop1  top-1 on the held-out rows, with the kept weights
 * @param testTop1        top-1 on the test features, with the kept weights
 * @param bestEpoch       the epoch (from 1) whose weights were kept
 * @param epochsRun       epochs trained before stopping
 * @param validationCurve validation top-1 after each epoch run, in order
 * @param seconds         wall time of standardisation, training and evaluation
 */
public record ProbeResult(double trainTop1, double validationTop1, double testTop1,
                          int bestEpoch, int epochsRun, List<Double> validationCurve,
                          double seconds) {

    public ProbeResult {
        validationCurve = List.copyOf(validationCurve);
    }
}
