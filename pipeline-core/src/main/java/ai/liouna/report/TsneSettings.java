package ai.liouna.report;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;

/**
 * How activations are embedded in 2-D; the t-SNE keys of the {@code report.embedding} section.
 *
 * @param pcaDimensions features are first projected on this many principal components (the
 *                      usual preprocessing for t-SNE); 0 embeds the raw features
 * @param perplexity    effective number of neighbours each point's Gaussian covers; lowered
 *                      automatically for very small samples
 * @param iterations    gradient steps of the t-SNE optimisation
 * @param theta         Barnes-Hut accuracy: 0 is exact t-SNE, 0.5 is the usual trade-off
 * @param seed          seed of the initial map
 */
public record TsneSettings(int pcaDimensions, double perplexity, int iterations, double theta,
                           long seed) {

    public TsneSettings {
        require(pcaDimensions >= 0, "report.embedding.pcaDimensions", pcaDimensions,
                "0 (no PCA) or more");
        require(perplexity > 0, "report.embedding.perplexity", perplexity, "positive");
        require(iterations >= 50, "report.embedding.iterations", iterations,
                "at least 50 (t-SNE needs its early-exaggeration phase)");
        require(theta >= 0 && theta < 1, "report.embedding.theta", theta, "in [0, 1)");
    }

    /** The usual choices: 50 principal components, perplexity 30, 1000 steps, theta 0.5. */
    public static TsneSettings defaults(long seed) {
        return new TsneSettings(50, 30, 1000, 0.5, seed);
    }

    /** The {@code report.embedding} section, with {@code run.seed}. */
    public static TsneSettings from(Settings settings) {
        return new TsneSettings(settings.getInt("report.embedding.pcaDimensions"),
                settings.getDouble("report.embedding.perplexity"),
                settings.getInt("report.embedding.iterations"),
                settings.getDouble("report.embedding.theta"),
                settings.getLong("run.seed"));
    }

    private static void require(boolean valid, String key, Object value, String expected) {
        if (!valid) {
            throw new SettingsException(key + " is " + value + "; it must be " + expected);
        }
    }
}
