package ai.liouna.data.source;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG and PNG files with {@code javax.imageio} into the shard pixel layout: gray,
 * gray-with-alpha, palette, RGB and RGBA images all become {@code channels} channels of 8 bits,
 * and images are optionally resized (shorter side, then centre crop; see {@link ImageResize}).
 *
 * <p>Conversions follow Pillow's {@code Image.convert}: alpha is dropped (not composited), gray
 * is replicated into red, green and blue, and RGB becomes gray with the ITU-R BT.601 luma
 * weights L = 0.299 R + 0.587 G + 0.114 B. 16-bit samples are scaled to 8 bits.
 *
 * <p>A decoder warning (a JPEG that ends early is only a warning to ImageIO, which then fills
 * the missing rows with gray) counts as corruption, so truncated files are never stored.
 */
public final class ImageDecoder implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Channels of every decoded image: 3 (RGB) or 1 (gray). */
    private final int channels;

    /** Side of the square every image is resized and cropped to; 0 keeps the decoded size. */
    private final int imageSize;

    public ImageDecoder(int channels, int imageSize) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images can be stored with 1 or 3 channels, not "
                    + channels + "; set ingest.channels to 3 (RGB) or 1 (gray)");
        }
        if (imageSize < 0) {
            throw new IllegalArgumentException("ingest.imageSize must be 0 (keep the size) or a"
                    + " positive side in pixels, not " + imageSize);
        }
        this.channels = channels;
        this.imageSize = imageSize;
    }

    public int channels() {
        return channels;
    }

    public int imageSize() {
        return imageSize;
    }

    /**
     * Decodes one encoded file.
     *
     * @param encoded the file's bytes
     * @param source  the file's name, for error messages
     * @throws CorruptImageException if the bytes are not a complete image ImageIO can read
     */
    public PixelImage decode(byte[] encoded, String source) {
        BufferedImage image = read(encoded, source);
        PixelImage pixels = channels == 3 ? rgb(image) : gray(image);
        return imageSize == 0 ? pixels : ImageResize.shorterSideThenCentreCrop(pixels, imageSize);
    }

    private static BufferedImage read(byte[] encoded, String source) {
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream input = new MemoryCacheImageInputStream(
                new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new CorruptImageException(source, "not a JPEG or PNG file ("
                        + encoded.length + " bytes that no ImageIO reader recognises)", null);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new CorruptImageException(source, String.join("; ", warnings), null);
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof CorruptImageException corrupt) {
                throw corrupt;
            }
            throw new CorruptImageException(source, describe(e), e);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Red, green and blue planes. */
    static PixelImage rgb(BufferedImage image) {
        int height = image.getHeight();
        int width = image.getWidth();
        int plane = height * width;
        byte[] pixels = new byte[3 * plane];
        int[] row = new int[width * 4];
        for (int y = 0; y < height; y++) {
            readRgbRow(image, y, row);
            for (int x = 0; x < width; x++) {
                int offset = y * width + x;
                pixels[offset] = (byte) row[3 * x];
                pixels[plane + offset] = (byte) row[3 * x + 1];
                pixels[2 * plane + offset] = (byte) row[3 * x + 2];
            }
        }
        return new PixelImage(3, height, width, pixels);
    }

    /** One luma plane; gray sources keep their values. */
    static PixelImage gray(BufferedImage image) {
        int height = image.getHeight();
        int width = image.getWidth();
        byte[] pixels = new byte[height * width];
        int[] row = new int[width * 4];
        boolean grayRaster = isPlainGray(image);
        for (int y = 0; y < height; y++) {
            if (grayRaster) {
                readBand(image.getRaster(), 0, y, row);
            } else {
                readRgbRow(image, y, row);
            }
            for (int x = 0; x < width; x++) {
                int value = grayRaster ? row[x]
                        : luma(row[3 * x], row[3 * x + 1], row[3 * x + 2]);
                pixels[y * width + x] = (byte) value;
            }
        }
        return new PixelImage(1, height, width, pixels);
    }

    /** ITU-R BT.601 luma in integer arithmetic, rounded as Pillow does. */
    static int luma(int red, int green, int blue) {
        return (red * 299 + green * 587 + blue * 114 + 500) / 1000;
    }

    /** Fills {@code row} with r, g, b triples of 0..255 for image row {@code y}. */
    private static void readRgbRow(BufferedImage image, int y, int[] row) {
        Raster raster = image.getRaster();
        int width = image.getWidth();
        if (isPlainGray(image)) {
            readBand(raster, 0, y, row);
            for (int x = width - 1; x >= 0; x--) {
                int value = row[x];
                row[3 * x] = value;
                row[3 * x + 1] = value;
                row[3 * x + 2] = value;
            }
        } else if (isPlainRgb(image)) {
            int bands = raster.getNumBands();
            int shift = Math.max(0, raster.getSampleModel().getSampleSize(0) - 8);
            int[] samples = raster.getPixels(0, y, width, 1, (int[]) null);
            for (int x = 0; x < width; x++) {
                for (int band = 0; band < 3; band++) {
                    row[3 * x + band] = samples[x * bands + band] >> shift;
                }
            }
        } else {
            int[] argb = image.getRGB(0, y, width, 1, null, 0, width);
            for (int x = 0; x < width; x++) {
                row[3 * x] = (argb[x] >> 16) & 0xFF;
                row[3 * x + 1] = (argb[x] >> 8) & 0xFF;
                row[3 * x + 2] = argb[x] & 0xFF;
            }
        }
    }

    /** Band {@code band} of row {@code y}, scaled to 8 bits, into {@code row[0..width)}. */
    private static void readBand(Raster raster, int band, int y, int[] row) {
        int width = raster.getWidth();
        int shift = Math.max(0, raster.getSampleModel().getSampleSize(band) - 8);
        raster.getSamples(0, y, width, 1, band, row);
        if (shift > 0) {
            for (int x = 0; x < width; x++) {
                row[x] >>= shift;
            }
        }
    }

    /**
     * Gray or gray-with-alpha samples read as stored. {@code getRGB} would instead pass them
     * through Java's linear gray colour space and brighten them.
     */
    private static boolean isPlainGray(BufferedImage image) {
        ColorModel model = image.getColorModel();
        return model instanceof ComponentColorModel
                && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && image.getRaster().getNumBands() <= 2;
    }

    /** RGB or RGBA samples in the sRGB space, bands in red, green, blue(, alpha) order. */
    private static boolean isPlainRgb(BufferedImage image) {
        ColorModel model = image.getColorModel();
        return model instanceof ComponentColorModel
                && model.getColorSpace().isCS_sRGB()
                && image.getRaster().getNumBands() >= 3;
    }
}
