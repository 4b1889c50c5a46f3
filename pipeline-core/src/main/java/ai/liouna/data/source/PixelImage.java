package ai.liouna.data.source;

import java.io.Serializable;

/**
 * One decoded image as unsigned bytes in channel-major order (CHW): all of channel 0 row by
 * row, then channel 1, and so on. This is the pixel layout every shard stores.
 *
 * @param channels 1 (gray) or 3 (red, green, blue)
 * @param height   rows
 * @param width    columns
 * @param pixels   {@code channels * height * width} bytes, each read as 0..255
 */
public record PixelImage(int channels, int height, int width, byte[] pixels)
        implements Serializable {

    public PixelImage {
        if (channels <= 0 || height <= 0 || width <= 0
                || (long) channels * height * width != pixels.length) {
            throw new IllegalArgumentException("a " + channels + "x" + height + "x" + width
                    + " image needs " + (long) channels * height * width + " pixel bytes, got "
                    + pixels.length);
        }
    }

    /** The value 0..255 at one channel, row and column. */
    public int value(int channel, int row, int column) {
        return pixels[(channel * height + row) * width + column] & 0xFF;
    }
}
