package ai.liouna.data.source;

/**
 * Resizing of channel-major byte images: the shorter side is scaled to a target length (the
 * aspect ratio kept), then the centre square of that length is cut out. This is the usual
 * evaluation transform of ImageNet-style datasets ({@code Resize(s)} then {@code CenterCrop(s)}
 * in torchvision), and how the paper feeds Imagenette at 160 pixels.
 *
 * <p>Scaling uses a separable triangle (bilinear) filter whose support widens by the reduction
 * factor when shrinking, as Pillow's {@code Image.resize(..., BILINEAR)} does, so large
 * reductions average every source pixel instead of sampling a few and aliasing.
 */
public final class ImageResize {

    private ImageResize() {
    }

    /** Scales the shorter side to {@code size}, then cuts the centred size x size square. */
    public static PixelImage shorterSideThenCentreCrop(PixelImage image, int size) {
        int height = image.height();
        int width = image.width();
        int scaledHeight = height <= width ? size : scaledLength(height, width, size);
        int scaledWidth = height <= width ? scaledLength(width, height, size) : size;
        PixelImage scaled = resize(image, scaledHeight, scaledWidth);
        return centreCrop(scaled, size, size);
    }

    /** {@code length * size / shorter}, rounded, and never below {@code size}. */
    static int scaledLength(int length, int shorter, int size) {
        return (int) Math.max(size, Math.round((double) length * size / shorter));
    }

    /** The centred {@code height x width} window; odd margins leave the extra pixel at the end. */
    public static PixelImage centreCrop(PixelImage image, int height, int width) {
        if (height > image.height() || width > image.width()) {
            throw new IllegalArgumentException("cannot crop " + height + "x" + width + " from a "
                    + image.height() + "x" + image.width() + " image");
        }
        int top = (image.height() - height) / 2;
        int left = (image.width() - width) / 2;
        byte[] pixels = new byte[image.channels() * height * width];
        for (int channel = 0; channel < image.channels(); channel++) {
            for (int row = 0; row < height; row++) {
                int from = (channel * image.height() + top + row) * image.width() + left;
                System.arraycopy(image.pixels(), from, pixels, (channel * height + row) * width,
                        width);
            }
        }
        return new PixelImage(image.channels(), height, width, pixels);
    }

    /** Scales to exactly {@code height x width} with the antialiasing triangle filter. */
    public static PixelImage resize(PixelImage image, int height, int width) {
        if (height == image.height() && width == image.width()) {
            return image;
        }
        Weights columns = Weights.of(image.width(), width);
        Weights rows = Weights.of(image.height(), height);
        int channels = image.channels();
        byte[] pixels = new byte[channels * height * width];
        float[] horizontal = new float[image.height() * width];
        for (int channel = 0; channel < channels; channel++) {
            int sourcePlane = channel * image.height() * image.width();
            for (int y = 0; y < image.height(); y++) {
                columns.apply(image.pixels(), sourcePlane + y * image.width(), 1, horizontal,
                        y * width);
            }
            for (int x = 0; x < width; x++) {
                rows.applyToBytes(horizontal, x, width, pixels,
                        channel * height * width + x, width);
            }
        }
        return new PixelImage(channels, height, width, pixels);
    }

    /**
     * For each output position along one axis, the first contributing input position and the
     * normalised filter weights of the inputs from there on.
     */
    private record Weights(int[] first, float[][] weights) {

        static Weights of(int inputLength, int outputLength) {
            double scale = (double) inputLength / outputLength;
            double support = Math.max(scale, 1.0);
            int[] first = new int[outputLength];
            float[][] weights = new float[outputLength][];
            for (int out = 0; out < outputLength; out++) {
                double centre = (out + 0.5) * scale;
                int from = Math.max(0, (int) Math.floor(centre - support));
                int to = Math.min(inputLength, (int) Math.ceil(centre + support));
                float[] w = new float[to - from];
                double total = 0;
                for (int in = from; in < to; in++) {
                    double distance = Math.abs(in + 0.5 - centre) / support;
                    w[in - from] = (float) Math.max(0, 1 - distance);
                    total += w[in - from];
                }
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (w[i] / total);
                }
                first[out] = from;
                weights[out] = w;
            }
            return new Weights(first, weights);
        }

        /** Filters bytes at {@code offset + k*stride} into floats at {@code target[at + out]}. */
        void apply(byte[] source, int offset, int stride, float[] target, int at) {
            for (int out = 0; out < first.length; out++) {
                float[] w = weights[out];
                int base = offset + first[out] * stride;
                float sum = 0;
                for (int i = 0; i < w.length; i++) {
                    sum += w[i] * (source[base + i * stride] & 0xFF);
                }
                target[at + out] = sum;
            }
        }

        /** Filters floats along a strided axis into rounded, clamped bytes. */
        void applyToBytes(float[] source, int offset, int stride, byte[] target, int at,
                          int targetStride) {
            for (int out = 0; out < first.length; out++) {
                float[] w = weights[out];
                int base = offset + first[out] * stride;
                float sum = 0;
                for (int i = 0; i < w.length; i++) {
                    sum += w[i] * source[base + i * stride];
                }
                int value = Math.round(sum);
                target[at + out * targetStride] = (byte) Math.min(255, Math.max(0, value));
            }
        }
    }
}
