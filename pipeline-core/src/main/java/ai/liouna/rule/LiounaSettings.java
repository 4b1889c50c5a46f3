package ai.liouna.rule;

import java.io.Serializable;
import java.util.Locale;

/**
 * The tunable parts of the Liouna rule.
 *
 * @param learningRate  SGD step size applied to the mean-normalised gradient
 * @param maskRatioMax  probability of dropping an input element at the first block
 * @param maskRatioMin  the same at the last block; blocks in between are linearly spaced
 * @param update        which of the paper's two gradients to follow
 * @param maskScaling   whether kept inputs are divided by the keep probability
 * @param masking       mask every layer's input (local) or the image once (global)
 * @param neuronNorm    the L2 norm c every neuron is projected back to after each step
 */
public record LiounaSettings(double learningRate, double maskRatioMax, double maskRatioMin,
                             Update update, MaskScaling maskScaling, Masking masking,
                             double neuronNorm) implements Serializable {

    /** The expected norm of a Kaiming-initialised neuron (variance 2 / fan-in): sqrt(2). */
    public static final double KAIMING_NEURON_NORM = Math.sqrt(2.0);

    /** The two gradients the paper gives for the masked-prediction loss. */
    public enum Update {
        /**
         * Algorithm 1 as written: differentiate |f(x) - f(x~)|_1 through both branches,
         * dW = sign(f(x) - f(x~)) (x) (x - x~).
         */
        JOINT,
        /**
         * Eq. 7: the clean output is a fixed target, dW = sign(f(x~) - f(x)) (x) x~, a Hebbian
         * rule with subtractive inhibition.
         */
        DETACHED
    }

    /** How kept input elements are scaled after masking. */
    public enum MaskScaling {
        /** x~ = x * m, as in the paper. */
        PLAIN,
        /** x~ = x * m / (1 - r), dropout-style, so that E[x~] = x. */
        RESCALED
    }

    /** Where the masks are drawn. */
    public enum Masking {
        /** A fresh mask on the clean input of every layer (the paper's default). */
        LOCAL,
        /** One mask on the image; deeper layers see the masked image's activations. */
        GLOBAL
    }

    public LiounaSettings {
        check(learningRate > 0, "learningRate must be positive, got " + learningRate);
        check(maskRatioMax >= 0 && maskRatioMax < 1,
                "maskRatio.max must be in [0, 1), got " + maskRatioMax);
        check(maskRatioMin >= 0 && maskRatioMin <= maskRatioMax,
                "maskRatio.min must be in [0, maskRatio.max], got " + maskRatioMin);
        check(neuronNorm > 0, "neuronNorm must be positive, got " + neuronNorm);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("pretrain." + message);
        }
    }

    static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder valid = new StringBuilder();
            for (E constant : type.getEnumConstants()) {
                valid.append(valid.length() == 0 ? "" : ", ")
                        .append(constant.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException(
                    key + " = '" + value + "' is not one of: " + valid, e);
        }
    }

    public static Update update(String value) {
        return parse(Update.class, "pretrain.update", value);
    }

    public static MaskScaling maskScaling(String value) {
        return parse(MaskScaling.class, "pretrain.maskScaling", value);
    }

    public static Masking masking(String value) {
        return parse(Masking.class, "pretrain.masking", value);
    }
}
