package ai.liouna.data.source;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Encoded test pictures made with the same ImageIO writers real files come from. */
final class TestImages {

    private TestImages() {
    }

    /** An RGB picture whose three channels each vary differently with row and column. */
    static BufferedImage rgb(int height, int width) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, red(y, x) << 16 | green(y, x) << 8 | blue(y, x));
            }
        }
        return image;
    }

    static int red(int row, int column) {
        return (row * 7) % 256;
    }

    static int green(int row, int column) {
        return (column * 11) % 256;
    }

    static int blue(int row, int column) {
        return row < 4 && column < 8 ? 250 : 20;
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
