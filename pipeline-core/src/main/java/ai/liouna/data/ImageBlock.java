package ai.liouna.data;

import java.io.Serializable;
import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Many images of one size held as one contiguous uint8 array (image-major, then CHW), with
 * their ids and labels. This is how a Spark partition keeps its share of a dataset in memory:
 * one object per partition instead of one per image.
 */
public final class ImageBlock implements Serializable {

    /** Label value of an unlabeled image. */
    public static final int NO_LABEL = -1;

    private final int channels;
    private final int height;
    private final int width;
    private final long[] ids;
    private final int[] labels;
    private final byte[] pixels;

    public ImageBlock(int channels, int height, int width, long[] ids, int[] labels,
                      byte[] pixels) {
        if (ids.length != labels.length
                || (long) ids.length * channels * height * width != pixels.length) {
            throw new IllegalArgumentException("image block of " + ids.length + " ids, "
                    + labels.length + " labels and " + pixels.length + " pixel bytes does not"
                    + " hold whole " + channels + "x" + height + "x" + width + " images");
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.ids = ids;
        this.labels = labels;
        this.pixels = pixels;
    }

    public int size() {
        return ids.length;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int imageBytes() {
        return channels * height * width;
    }

    public long id(int index) {
        return ids[index];
    }

    public int label(int index) {
        return labels[index];
    }

    public int[] labels() {
        return labels.clone();
    }

    public long[] ids() {
        return ids.clone();
    }

    /** The raw CHW bytes of one image (a copy). */
    public byte[] imagePixels(int index) {
        int size = imageBytes();
        return Arrays.copyOfRange(pixels, index * size, (index + 1) * size);
    }

    /**
     * The images at {@code indices} as a normalised float batch [n, c, h, w]: pixel / 255, minus
     * the channel mean, divided by the channel std.
     */
    public INDArray batch(int[] indices, ChannelStats stats) {
        int size = imageBytes();
        int plane = height * width;
        float[] values = new float[indices.length * size];
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        for (int channel = 0; channel < channels; channel++) {
            scale[channel] = (float) (1.0 / (255.0 * stats.std(channel)));
            shift[channel] = (float) (stats.mean(channel) / stats.std(channel));
        }
        for (int i = 0; i < indices.length; i++) {
            int source = indices[i] * size;
            int target = i * size;
            for (int channel = 0; channel < channels; channel++) {
                float a = scale[channel];
                float b = shift[channel];
                int offset = channel * plane;
                for (int p = 0; p < plane; p++) {
                    values[target + offset + p] = (pixels[source + offset + p] & 0xFF) * a - b;
                }
            }
        }
        return Nd4j.create(values, new long[] {indices.length, channels, height, width},
                DataType.FLOAT);
    }

    /** All images, in order, as a normalised batch. */
    public INDArray batch(ChannelStats stats) {
        return batch(range(0, size()), stats);
    }

    public static int[] range(int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return indices;
    }

    /** The images at {@code indices}, in that order, as a new block. */
    public ImageBlock select(int[] indices) {
        int size = imageBytes();
        long[] selectedIds = new long[indices.length];
        int[] selectedLabels = new int[indices.length];
        byte[] selectedPixels = new byte[indices.length * size];
        for (int i = 0; i < indices.length; i++) {
            selectedIds[i] = ids[indices[i]];
            selectedLabels[i] = labels[indices[i]];
            System.arraycopy(pixels, indices[i] * size, selectedPixels, i * size, size);
        }
        return new ImageBlock(channels, height, width, selectedIds, selectedLabels,
                selectedPixels);
    }

    /** Concatenates blocks of the same image size, in order. */
    public static ImageBlock concat(java.util.List<ImageBlock> blocks) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("cannot concatenate zero image blocks");
        }
        ImageBlock first = blocks.get(0);
        int total = blocks.stream().mapToInt(ImageBlock::size).sum();
        long[] ids = new long[total];
        int[] labels = new int[total];
        byte[] pixels = new byte[total * first.imageBytes()];
        int offset = 0;
        for (ImageBlock block : blocks) {
            if (block.imageBytes() != first.imageBytes() || block.height != first.height) {
                throw new IllegalArgumentException("cannot concatenate image blocks of sizes "
                        + first.channels + "x" + first.height + "x" + first.width + " and "
                        + block.channels + "x" + block.height + "x" + block.width);
            }
            System.arraycopy(block.ids, 0, ids, offset, block.size());
            System.arraycopy(block.labels, 0, labels, offset, block.size());
            System.arraycopy(block.pixels, 0, pixels, offset * first.imageBytes(),
                    block.pixels.length);
            offset += block.size();
        }
        return new ImageBlock(first.channels, first.height, first.width, ids, labels, pixels);
    }
}
