package ai.liouna.data.source;

import java.util.ArrayList;
import java.util.List;

/**
 * The binary version of STL-10 (Coates, Lee and Ng, "An Analysis of Single-Layer Networks in
 * Unsupervised Feature Learning", AISTATS 2011; https://cs.stanford.edu/~acoates/stl10/), as
 * the folder {@code stl10_binary/}:
 *
 * <ul>
 *   <li>{@code train_X.bin}, {@code test_X.bin}, {@code unlabeled_X.bin}: 96x96 RGB images of
 *       27648 bytes each, every channel plane stored column by column (column-major, the
 *       layout of the original MATLAB arrays);</li>
 *   <li>{@code train_y.bin}, {@code test_y.bin}: one label byte per image, 1 to 10;</li>
 *   <li>{@code class_names.txt}: the ten names, one per line;</li>
 *   <li>{@code fold_indices.txt}: ten lines, each the 0-based indices of the 1000 training
 *       images of one predefined training fold.</li>
 * </ul>
 *
 * Shards store labels 0 to 9 and the images transposed to row-major planes, upright.
 */
public final class Stl10Format {

    /** The folder the official archive unpacks to. */
    public static final String FOLDER = "stl10_binary";

    /** Side of every image. */
    public static final int SIDE = 96;

    /** Bytes of one image record. */
    public static final int IMAGE_BYTES = 3 * SIDE * SIDE;

    /** Number of classes and of predefined folds. */
    public static final int CLASSES = 10;

    public static final String CLASS_NAMES_FILE = "class_names.txt";
    public static final String FOLDS_FILE = "fold_indices.txt";

    /** The splits, train first, with their image and label files (null: unlabeled). */
    public static final List<SplitFiles> SPLITS = List.of(
            new SplitFiles("train", "train_X.bin", "train_y.bin"),
            new SplitFiles("test", "test_X.bin", "test_y.bin"),
            new SplitFiles("unlabeled", "unlabeled_X.bin", null));

    /**
     * The files of one split.
     *
     * @param split      split name in the shards
     * @param imageFile  the image records
     * @param labelFile  the label bytes, or null for the unlabeled split
     */
    public record SplitFiles(String split, String imageFile, String labelFile) {
    }

    private Stl10Format() {
    }

    /** Every file of the official layout. */
    public static List<String> requiredFiles() {
        List<String> files = new ArrayList<>();
        for (SplitFiles split : SPLITS) {
            files.add(split.imageFile());
            if (split.labelFile() != null) {
                files.add(split.labelFile());
            }
        }
        files.add(CLASS_NAMES_FILE);
        files.add(FOLDS_FILE);
        return files;
    }

    /** Images in an image file of {@code size} bytes; fails unless it holds whole images. */
    public static long imageCount(String fileName, long size) {
        if (size == 0 || size % IMAGE_BYTES != 0) {
            throw new IllegalArgumentException("STL-10 image file " + fileName + " is " + size
                    + " bytes, not a multiple of " + IMAGE_BYTES + " (one 96x96x3 image); the"
                    + " file is truncated: download stl10_binary.tar.gz again");
        }
        return size / IMAGE_BYTES;
    }

    /**
     * Labels 0..9 from a label file of values 1..10, which must hold exactly one byte per image
     * of its image file.
     */
    public static int[] labels(byte[] labelFile, String labelFileName, long images,
                               String imageFileName) {
        if (labelFile.length != images) {
            throw new IllegalArgumentException("STL-10 label file " + labelFileName + " holds "
                    + labelFile.length + " labels but " + imageFileName + " holds " + images
                    + " images; the two must come from the same archive: unpack"
                    + " stl10_binary.tar.gz again");
        }
        int[] labels = new int[labelFile.length];
        for (int i = 0; i < labels.length; i++) {
            int value = labelFile[i] & 0xFF;
            if (value < 1 || value > CLASSES) {
                throw new IllegalArgumentException("STL-10 label file " + labelFileName
                        + " has label " + value + " at position " + i + "; labels run from 1"
                        + " to 10: the file is corrupt, unpack stl10_binary.tar.gz again");
            }
            labels[i] = value - 1;
        }
        return labels;
    }

    /**
     * For each training image, the folds (0..9) whose index lists contain it, ascending; images
     * in no fold get an empty array.
     */
    public static int[][] foldsOfTrainImages(String foldIndicesText, int trainImages) {
        List<String> lines = foldIndicesText.lines().filter(line -> !line.isBlank()).toList();
        if (lines.size() != CLASSES) {
            throw new IllegalArgumentException(FOLDS_FILE + " has " + lines.size() + " lines,"
                    + " expected 10 (one per fold); restore it from stl10_binary.tar.gz");
        }
        List<List<Integer>> folds = new ArrayList<>();
        for (int i = 0; i < trainImages; i++) {
            folds.add(new ArrayList<>());
        }
        for (int fold = 0; fold < lines.size(); fold++) {
            for (String token : lines.get(fold).trim().split("\\s+")) {
                int index = parseIndex(token, fold, trainImages);
                folds.get(index).add(fold);
            }
        }
        int[][] result = new int[trainImages][];
        for (int i = 0; i < trainImages; i++) {
            result[i] = folds.get(i).stream().mapToInt(Integer::intValue).distinct().toArray();
        }
        return result;
    }

    private static int parseIndex(String token, int fold, int trainImages) {
        int index;
        try {
            index = Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(FOLDS_FILE + " line " + (fold + 1) + " holds '"
                    + token + "', not an image index; restore it from stl10_binary.tar.gz");
        }
        if (index < 0 || index >= trainImages) {
            throw new IllegalArgumentException(FOLDS_FILE + " line " + (fold + 1) + " names"
                    + " training image " + index + ", but train_X.bin holds " + trainImages
                    + " images (indices 0.." + (trainImages - 1) + ")");
        }
        return index;
    }

    /**
     * The upright image of one record: byte {@code c*9216 + x*96 + y} of the record is the pixel
     * at row y, column x of channel c.
     */
    public static PixelImage image(byte[] record, String source) {
        if (record.length != IMAGE_BYTES) {
            throw new IllegalArgumentException("STL-10 record " + source + " is " + record.length
                    + " bytes, expected " + IMAGE_BYTES);
        }
        int plane = SIDE * SIDE;
        byte[] pixels = new byte[IMAGE_BYTES];
        for (int channel = 0; channel < 3; channel++) {
            int base = channel * plane;
            for (int column = 0; column < SIDE; column++) {
                for (int row = 0; row < SIDE; row++) {
                    pixels[base + row * SIDE + column] = record[base + column * SIDE + row];
                }
            }
        }
        return new PixelImage(3, SIDE, SIDE, pixels);
    }

    /** The ten class names of {@code class_names.txt}. */
    public static List<String> classNames(String text) {
        List<String> names = text.lines().map(String::strip).filter(line -> !line.isEmpty())
                .toList();
        if (names.size() != CLASSES) {
            throw new IllegalArgumentException(CLASS_NAMES_FILE + " names " + names.size()
                    + " classes, expected 10; restore it from stl10_binary.tar.gz");
        }
        return names;
    }
}
