package ai.liouna.data.source;

import java.io.Serializable;

import ai.liouna.data.ChannelStats;

/**
 * Exact per-channel sums of pixel values and of their squares over any number of images, as
 * integers, so partial sums from many partitions merge without rounding; {@link #stats()} turns
 * them into the mean and standard deviation of pixels / 255.
 */
public final class PixelMoments implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Per channel: the sum of byte values 0..255. */
    private final long[] sums;

    /** Per channel: the sum of squared byte values. */
    private final long[] squareSums;

    /** Values added per channel. */
    private long count;

    public PixelMoments(int channels) {
        this.sums = new long[channels];
        this.squareSums = new long[channels];
    }

    /** Adds one channel-major image with this object's channel count. */
    public PixelMoments add(byte[] pixels) {
        int channels = sums.length;
        if (pixels.length % channels != 0) {
            throw new IllegalArgumentException(pixels.length + " pixel bytes do not split into "
                    + channels + " channel planes");
        }
        int plane = pixels.length / channels;
        for (int channel = 0; channel < channels; channel++) {
            long sum = 0;
            long squares = 0;
            for (int i = channel * plane, end = i + plane; i < end; i++) {
                int value = pixels[i] & 0xFF;
                sum += value;
                squares += value * value;
            }
            sums[channel] += sum;
            squareSums[channel] += squares;
        }
        count += plane;
        return this;
    }

    /** Adds another set of sums into this one. */
    public PixelMoments merge(PixelMoments other) {
        if (other.sums.length != sums.length) {
            throw new IllegalArgumentException("cannot merge pixel sums of " + sums.length
                    + " and " + other.sums.length + " channels");
        }
        for (int channel = 0; channel < sums.length; channel++) {
            sums[channel] += other.sums[channel];
            squareSums[channel] += other.squareSums[channel];
        }
        count += other.count;
        return this;
    }

    public long count() {
        return count;
    }

    public int channels() {
        return sums.length;
    }

    /** Mean and std of pixels / 255 per channel. */
    public ChannelStats stats() {
        if (count == 0) {
            throw new IllegalStateException("no pixels were added; the statistics split is"
                    + " empty");
        }
        double[] scaledSums = new double[sums.length];
        double[] scaledSquares = new double[sums.length];
        for (int channel = 0; channel < sums.length; channel++) {
            scaledSums[channel] = sums[channel] / 255.0;
            scaledSquares[channel] = squareSums[channel] / (255.0 * 255.0);
        }
        return ChannelStats.fromSums(scaledSums, scaledSquares, count);
    }
}
