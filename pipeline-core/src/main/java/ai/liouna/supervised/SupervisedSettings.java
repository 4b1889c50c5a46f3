package ai.liouna.supervised;

import java.io.Serializable;
import java.util.Locale;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;

/**
 * How a backbone plus linear head is trained by backprop; the keys of the {@code supervised}
 * section of the configuration.
 *
 * @param start              where the backbone's weights come from
 * @param freezeBackbone     keep the backbone fixed (inference mode, no gradient) and train the
 *                           head only
 * @param featureGrid        the last block's output is average-pooled to at most
 *                           featureGrid x featureGrid positions before the head
 * @param epochs             passes over the training images
 * @param batchSize          images per Adam step, summed over all partitions
 * @param learningRate       Adam step size
 * @param weightDecay        decoupled weight decay of the weights (not biases), applied after
 *                           each Adam step scaled by the step size, as AdamW does (Loshchilov
 *                           and Hutter, "Decoupled Weight Decay Regularization", ICLR 2019);
 *                           0 turns it off
 * @param validationFraction share of the training split held out to choose the epoch
 * @param patience           epochs without a better validation top-1 before stopping; 0 runs
 *                           every epoch
 * @param chunkSize          images per forward/backward pass inside a task
 * @param seed               seed of the head's initialisation, the split and the data order
 */
public record SupervisedSettings(Start start, boolean freezeBackbone, int featureGrid,
                                 int epochs, int batchSize, double learningRate,
                                 double weightDecay, double validationFraction, int patience,
                                 int chunkSize, long seed) implements Serializable {

    /** The two regimes of the paper's Table 3. */
    public enum Start {
        /** Random initialisation from {@code model.*} and the seed: the E2E baseline. */
        SCRATCH,
        /** A pretrained {@code backbone.zip}: the fine-tuning regime. */
        PRETRAINED;

        static Start fromConfig(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new SettingsException("supervised.init = '" + name
                        + "' is not one of: scratch, pretrained");
            }
        }

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SupervisedSettings {
        require(featureGrid >= 1, "supervised.featureGrid", featureGrid, "at least 1");
        require(epochs >= 1, "supervised.epochs", epochs, "at least 1");
        require(batchSize >= 1, "supervised.batchSize", batchSize, "at least 1");
        require(learningRate > 0, "supervised.learningRate", learningRate, "positive");
        require(weightDecay >= 0, "supervised.weightDecay", weightDecay, "0 (off) or positive");
        require(validationFraction >= 0 && validationFraction < 1,
                "supervised.validationFraction", validationFraction, "in [0, 1)");
        require(patience >= 0, "supervised.patience", patience, "0 (off) or positive");
        require(chunkSize >= 1, "supervised.chunkSize", chunkSize, "at least 1");
    }

    /** The {@code supervised} section, with {@code run.seed}. */
    public static SupervisedSettings from(Settings settings) {
        return new SupervisedSettings(Start.fromConfig(settings.getString("supervised.init")),
                settings.getBoolean("supervised.freezeBackbone"),
                settings.getInt("supervised.featureGrid"),
                settings.getInt("supervised.epochs"),
                settings.getInt("supervised.batchSize"),
                settings.getDouble("supervised.learningRate"),
                settings.getDouble("supervised.weightDecay"),
                settings.getDouble("supervised.validationFraction"),
                settings.getInt("supervised.patience"),
                settings.getInt("supervised.chunkSize"),
                settings.getLong("run.seed"));
    }

    private static void require(boolean valid, String key, Object value, String expected) {
        if (!valid) {
            throw new SettingsException(key + " is " + value + "; it must be " + expected);
        }
    }
}
