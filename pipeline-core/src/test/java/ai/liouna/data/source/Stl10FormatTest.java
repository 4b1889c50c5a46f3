package ai.liouna.data.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Stl10FormatTest {

    /**
     * An upright test picture no flip or transpose maps onto itself: red rises down the rows,
     * green rises along the columns, and blue marks a wide block in the top-left corner.
     */
    static int upright(int channel, int row, int column) {
        return switch (channel) {
            case 0 -> row * 2;
            case 1 -> column;
            default -> row < 10 && column < 40 ? 255 : 0;
        };
    }

    /** The picture as STL-10 stores it: each channel plane column by column. */
    static byte[] columnMajorRecord() {
        byte[] record = new byte[Stl10Format.IMAGE_BYTES];
        int side = Stl10Format.SIDE;
        for (int channel = 0; channel < 3; channel++) {
            for (int column = 0; column < side; column++) {
                for (int row = 0; row < side; row++) {
                    record[channel * side * side + column * side + row] =
                            (byte) upright(channel, row, column);
                }
            }
        }
        return record;
    }

    @Test
    void columnMajorRecordComesOutUpright() {
        PixelImage image = Stl10Format.image(columnMajorRecord(), "train_X.bin#0");

        for (int channel = 0; channel < 3; channel++) {
            for (int row = 0; row < 96; row += 7) {
                for (int column = 0; column < 96; column += 5) {
                    assertEquals(upright(channel, row, column), image.value(channel, row, column),
                            "channel " + channel + " row " + row + " column " + column);
                }
            }
        }
        assertEquals(255, image.value(2, 0, 39));
        assertEquals(0, image.value(2, 39, 0));
    }

    @Test
    void labelsShiftFromOneBasedToZeroBased() {
        int[] labels = Stl10Format.labels(new byte[] {1, 10, 4}, "train_y.bin", 3, "train_X.bin");

        assertArrayEquals(new int[] {0, 9, 3}, labels);
    }

    @Test
    void labelFileThatDisagreesWithImageFileIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Stl10Format.labels(new byte[4999], "train_y.bin", 5000, "train_X.bin"));

        assertTrue(error.getMessage().contains("train_y.bin holds 4999 labels but train_X.bin"
                + " holds 5000 images"), error.getMessage());
    }

    @Test
    void labelOutsideOneToTenIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Stl10Format.labels(new byte[] {1, 0}, "test_y.bin", 2, "test_X.bin"));
    }

    @Test
    void truncatedImageFileIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Stl10Format.imageCount("unlabeled_X.bin", 27648L * 3 - 1));

        assertTrue(error.getMessage().contains("unlabeled_X.bin is 82943 bytes, not a multiple"
                + " of 27648"), error.getMessage());
        assertEquals(100_000, Stl10Format.imageCount("unlabeled_X.bin", 2_764_800_000L));
    }

    @Test
    void foldsListWhichFoldsHoldEachTrainingImage() {
        StringBuilder text = new StringBuilder();
        for (int fold = 0; fold < 10; fold++) {
            text.append(fold).append(' ').append((fold + 1) % 12).append(" \n");
        }

        int[][] folds = Stl10Format.foldsOfTrainImages(text.toString(), 12);

        assertArrayEquals(new int[] {0}, folds[0]);
        assertArrayEquals(new int[] {0, 1}, folds[1]);
        assertArrayEquals(new int[] {9}, folds[10]);
        assertArrayEquals(new int[] {}, folds[11]);
    }

    @Test
    void foldIndexOutsideTheTrainingSetIsRejected() {
        String text = "0 1\n".repeat(9) + "0 12\n";

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Stl10Format.foldsOfTrainImages(text, 12));
        assertTrue(error.getMessage().contains("line 10 names training image 12"));
    }
}
