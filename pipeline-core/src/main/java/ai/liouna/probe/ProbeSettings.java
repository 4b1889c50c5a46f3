package ai.liouna.probe;

import ai.liouna.config.Settings;

/**
 * How a linear probe is trained; the keys of the {@code probe} section of the configuration.
 *
 * @param epochs             most passes over the training rows
 * @param patience           epochs without a better validation top-1 before training stops
 * @param batchSize          rows per Adam step
 * @param learningRate       Adam step size
 * @param weightDecay        L2 penalty coefficient on the weights (not the biases)
 * @param validationFraction share of the training rows held out for early stopping; 0 keeps
 *                           the last epoch's weights
 * @param seed               seed of the validation split and of every epoch's shuffle
 */
public record ProbeSettings(int epochs, int patience, int batchSize, double learningRate,
                            double weightDecay, double validationFraction, long seed) {

    public ProbeSettings {
        require(epochs >= 1, "probe.epochs", epochs, "at least 1");
        require(patience >= 1, "probe.patience", patience, "at least 1");
        require(batchSize >= 1, "probe.batchSize", batchSize, "at least 1");
        require(learningRate > 0, "probe.learningRate", learningRate, "positive");
        require(weightDecay >= 0, "probe.weightDecay", weightDecay, "zero or positive");
        require(validationFraction >= 0 && validationFraction < 1, "probe.validationFraction",
                validationFraction, "in [0, 1)");
    }

    /** The {@code probe} section, with {@code run.seed}. */
    public static ProbeSettings from(Settings settings) {
        return new ProbeSettings(settings.getInt("probe.epochs"),
                settings.getInt("probe.patience"),
                settings.getInt("probe.batchSize"),
                settings.getDouble("probe.learningRate"),
                settings.getDouble("probe.weightDecay"),
                settings.getDouble("probe.validationFraction"),
                settings.getLong("run.seed"));
    }

    private static void require(boolean valid, String key, Object value, String expected) {
        if (!valid) {
            throw new IllegalArgumentException(key + " is " + value + "; it must be " + expected);
        }
    }
}
