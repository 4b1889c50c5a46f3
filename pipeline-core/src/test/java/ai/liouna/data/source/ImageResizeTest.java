package ai.liouna.data.source;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ImageResizeTest {

    /** One channel whose value at (row, column) is given by {@code value}. */
    private static PixelImage plane(int height, int width, java.util.function.IntBinaryOperator
            value) {
        byte[] pixels = new byte[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = (byte) value.applyAsInt(y, x);
            }
        }
        return new PixelImage(1, height, width, pixels);
    }

    @Test
    void shorterSideThenCentreCropGivesASquare() {
        PixelImage landscape = plane(50, 100, (y, x) -> 0);
        PixelImage portrait = plane(120, 40, (y, x) -> 0);

        PixelImage a = ImageResize.shorterSideThenCentreCrop(landscape, 20);
        PixelImage b = ImageResize.shorterSideThenCentreCrop(portrait, 20);

        assertEquals(20, a.height());
        assertEquals(20, a.width());
        assertEquals(20, b.height());
        assertEquals(20, b.width());
    }

    @Test
    void cropKeepsTheCentreOfTheLongerSide() {
        // Columns 0-49 dark, 50-149 bright, 150-199 dark: only the bright middle survives.
        PixelImage wide = plane(100, 200, (y, x) -> x >= 50 && x < 150 ? 200 : 10);

        PixelImage square = ImageResize.shorterSideThenCentreCrop(wide, 100);

        assertEquals(200, square.value(0, 50, 0));
        assertEquals(200, square.value(0, 50, 99));
    }

    @Test
    void shrinkingAveragesInsteadOfSampling() {
        PixelImage checkerboard = plane(64, 64, (y, x) -> (x + y) % 2 == 0 ? 255 : 0);

        PixelImage small = ImageResize.resize(checkerboard, 8, 8);

        for (int y = 1; y < 7; y++) {
            for (int x = 1; x < 7; x++) {
                assertEquals(127.5, small.value(0, y, x), 3);
            }
        }
    }

    @Test
    void constantImageStaysConstantAtAnySize() {
        PixelImage flat = plane(30, 45, (y, x) -> 77);

        PixelImage grown = ImageResize.resize(flat, 61, 90);
        PixelImage shrunk = ImageResize.resize(flat, 7, 11);

        assertEquals(77, grown.value(0, 60, 89));
        assertEquals(77, grown.value(0, 0, 0));
        assertEquals(77, shrunk.value(0, 3, 5));
    }

    @Test
    void orientationIsKept() {
        PixelImage marked = plane(40, 40, (y, x) -> y < 10 && x < 20 ? 255 : 0);

        PixelImage small = ImageResize.resize(marked, 20, 20);

        assertEquals(255, small.value(0, 1, 2));
        assertEquals(0, small.value(0, 18, 2));
        assertEquals(0, small.value(0, 1, 18));
    }

    @Test
    void sameSizeIsReturnedUntouched() {
        PixelImage image = plane(5, 5, (y, x) -> y);

        assertSame(image, ImageResize.resize(image, 5, 5));
    }

    @Test
    void channelsAreResizedIndependently() {
        byte[] pixels = new byte[2 * 4 * 4];
        Arrays.fill(pixels, 0, 16, (byte) 10);
        Arrays.fill(pixels, 16, 32, (byte) 240);

        PixelImage small = ImageResize.resize(new PixelImage(2, 4, 4, pixels), 2, 2);

        assertEquals(10, small.value(0, 1, 1));
        assertEquals(240, small.value(1, 0, 0));
    }

    @Test
    void cropLargerThanTheImageIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> ImageResize.centreCrop(plane(4, 4, (y, x) -> 0), 5, 4));
    }
}
