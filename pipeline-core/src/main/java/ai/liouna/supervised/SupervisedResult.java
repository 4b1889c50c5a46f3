package ai.liouna.supervised;

import java.util.List;

/**
 * What supervised training achieved before the test split was scored. Accuracies are
 * fractions; validation values are NaN when no images were held out.
 *
 * @param validationTop1  validation top-1 of the kept epoch
 * @param bestEpoch       the epoch (from 1) whose weights were kept
 * @param epochsRun       epochs trained before stopping
 * @param trainLossCurve  mean training cross-entropy of each epoch run
 * @param validationCurve validation top-1 after each epoch run
 * @param steps           Adam steps taken
 * @param images          images trained on, summed over steps
 * @param seconds         wall time of training
 */
public record SupervisedResult(double validationTop1, int bestEpoch, int epochsRun,
                               List<Double> trainLossCurve, List<Double> validationCurve,
                               long steps, long images, double seconds) {

    public SupervisedResult {
        trainLossCurve = List.copyOf(trainLossCurve);
        validationCurve = List.copyOf(validationCurve);
    }
}
