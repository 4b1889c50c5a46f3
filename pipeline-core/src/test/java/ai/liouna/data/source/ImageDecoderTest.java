package ai.liouna.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    private final ImageDecoder rgb = new ImageDecoder(3, 0);
    private final ImageDecoder gray = new ImageDecoder(1, 0);

    @Test
    void pngKeepsEveryRgbValueInChannelPlanes() {
        PixelImage image = rgb.decode(TestImages.encode(TestImages.rgb(12, 20), "png"), "a.png");

        assertEquals(3, image.channels());
        assertEquals(12, image.height());
        assertEquals(20, image.width());
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 20; x++) {
                assertEquals(TestImages.red(y, x), image.value(0, y, x));
                assertEquals(TestImages.green(y, x), image.value(1, y, x));
                assertEquals(TestImages.blue(y, x), image.value(2, y, x));
            }
        }
    }

    @Test
    void rgbaDropsAlphaAndKeepsColour() {
        BufferedImage rgba = new BufferedImage(4, 3, BufferedImage.TYPE_4BYTE_ABGR);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                int alpha = x * 80;
                rgba.setRGB(x, y, alpha << 24 | (10 * x) << 16 | (50 + y) << 8 | 200);
            }
        }

        PixelImage image = rgb.decode(TestImages.encode(rgba, "png"), "alpha.png");

        assertEquals(3, image.channels());
        assertEquals(30, image.value(0, 2, 3));
        assertEquals(52, image.value(1, 2, 0));
        assertEquals(200, image.value(2, 0, 0));
    }

    @Test
    void grayIsReplicatedWithoutColourSpaceBrightening() {
        BufferedImage source = new BufferedImage(5, 2, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = source.getRaster();
        for (int x = 0; x < 5; x++) {
            raster.setSample(x, 0, 0, 100);
            raster.setSample(x, 1, 0, x * 60);
        }

        PixelImage asRgb = rgb.decode(TestImages.encode(source, "png"), "gray.png");
        PixelImage asGray = gray.decode(TestImages.encode(source, "png"), "gray.png");

        for (int channel = 0; channel < 3; channel++) {
            assertEquals(100, asRgb.value(channel, 0, 2));
            assertEquals(240, asRgb.value(channel, 1, 4));
        }
        assertEquals(1, asGray.channels());
        assertEquals(180, asGray.value(0, 1, 3));
    }

    @Test
    void sixteenBitGrayIsScaledToEightBits() {
        BufferedImage source = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        source.getRaster().setSample(0, 0, 0, 65535);
        source.getRaster().setSample(1, 0, 0, 0x8000);

        PixelImage image = gray.decode(TestImages.encode(source, "png"), "deep.png");

        assertEquals(255, image.value(0, 0, 0));
        assertEquals(128, image.value(0, 0, 1));
    }

    @Test
    void paletteImageGivesItsPaletteColours() {
        BufferedImage indexed = new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_INDEXED);
        indexed.createGraphics().drawImage(TestImages.rgb(4, 6), 0, 0, null);

        PixelImage image = rgb.decode(TestImages.encode(indexed, "png"), "palette.png");

        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                int expected = indexed.getRGB(x, y);
                assertEquals((expected >> 16) & 0xFF, image.value(0, y, x));
                assertEquals((expected >> 8) & 0xFF, image.value(1, y, x));
                assertEquals(expected & 0xFF, image.value(2, y, x));
            }
        }
    }

    @Test
    void rgbToGrayUsesBt601Luma() {
        PixelImage image = gray.decode(TestImages.encode(TestImages.rgb(6, 6), "png"), "c.png");

        int y = 5;
        int x = 3;
        int expected = ImageDecoder.luma(TestImages.red(y, x), TestImages.green(y, x),
                TestImages.blue(y, x));
        assertEquals(expected, image.value(0, y, x));
        assertEquals(76, ImageDecoder.luma(255, 0, 0));
        assertEquals(150, ImageDecoder.luma(0, 255, 0));
        assertEquals(29, ImageDecoder.luma(0, 0, 255));
    }

    @Test
    void jpegDecodesCloseToItsSource() {
        BufferedImage smooth = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                smooth.setRGB(x, y, (y * 8) << 16 | (x * 8) << 8 | 128);
            }
        }

        PixelImage image = rgb.decode(TestImages.encode(smooth, "jpg"), "smooth.jpg");

        assertEquals(128, image.value(2, 16, 16), 6);
        assertEquals(8 * 20, image.value(0, 20, 3), 10);
        assertEquals(8 * 25, image.value(1, 3, 25), 10);
    }

    @Test
    void truncatedJpegIsCorrupt() {
        byte[] jpeg = TestImages.encode(noise(48, 48), "jpg");
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);

        CorruptImageException error = assertThrows(CorruptImageException.class,
                () -> rgb.decode(truncated, "train/cat/0007.jpg"));
        assertEquals("train/cat/0007.jpg", error.source());
        assertTrue(error.getMessage().startsWith("image train/cat/0007.jpg cannot be decoded"));
    }

    @Test
    void truncatedPngIsCorrupt() {
        byte[] png = TestImages.encode(noise(48, 48), "png");

        assertThrows(CorruptImageException.class,
                () -> rgb.decode(Arrays.copyOf(png, png.length - 40), "broken.png"));
    }

    @Test
    void bytesThatAreNoImageAreCorrupt() {
        byte[] text = "this is not an image".getBytes();

        CorruptImageException error = assertThrows(CorruptImageException.class,
                () -> rgb.decode(text, "notes.jpg"));
        assertTrue(error.reason().contains("not a JPEG or PNG"), error.reason());
    }

    @Test
    void decoderResizesWhenAskedTo() {
        ImageDecoder resizing = new ImageDecoder(3, 10);

        PixelImage image = resizing.decode(TestImages.encode(TestImages.rgb(40, 20), "png"),
                "tall.png");

        assertEquals(10, image.height());
        assertEquals(10, image.width());
    }

    @Test
    void invalidChannelCountIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ImageDecoder(4, 0));
    }

    private static BufferedImage noise(int height, int width) {
        SplittableRandom random = new SplittableRandom(5);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }
}
