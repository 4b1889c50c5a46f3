package ai.liouna.model;

import java.util.Locale;

/** How convolution weights are drawn before any training (the paper's Figure 1 compares both). */
public enum WeightInitScheme {
    /** He et al. (2015): normal with variance 2 / fan-in, each neuron's norm near sqrt(2). */
    KAIMING,
    /** SoftHebb's scheme: normal weights, each neuron rescaled to a fixed radius. */
    SOFTHEBB;

    public static WeightInitScheme fromConfig(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown weight init '" + name + "'; valid values are kaiming, softhebb");
        }
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
