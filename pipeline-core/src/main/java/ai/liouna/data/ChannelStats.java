package ai.liouna.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-channel mean and standard deviation of pixel values scaled to [0, 1], computed by ingest
 * over the training split and used to normalise every batch.
 */
public record ChannelStats(double[] means, double[] stds) implements Serializable {

    public ChannelStats {
        if (means.length != stds.length || means.length == 0) {
            throw new IllegalArgumentException("channel stats need one mean and one std per"
                    + " channel, got " + Arrays.toString(means) + " and " + Arrays.toString(stds));
        }
        for (double std : stds) {
            if (!(std > 0)) {
                throw new IllegalArgumentException("channel std must be positive, got "
                        + Arrays.toString(stds) + "; is the training split empty or constant?");
            }
        }
        means = means.clone();
        stds = stds.clone();
    }

    public int channels() {
        return means.length;
    }

    public double mean(int channel) {
        return means[channel];
    }

    public double std(int channel) {
        return stds[channel];
    }

    /** Mean and std from per-channel sums of values and squares over {@code count} values. */
    public static ChannelStats fromSums(double[] sums, double[] squareSums, long count) {
        double[] means = new double[sums.length];
        double[] stds = new double[sums.length];
        for (int channel = 0; channel < sums.length; channel++) {
            means[channel] = sums[channel] / count;
            double variance = squareSums[channel] / count - means[channel] * means[channel];
            stds[channel] = Math.sqrt(Math.max(variance, 1e-12));
        }
        return new ChannelStats(means, stds);
    }
}
