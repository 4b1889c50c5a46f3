package ai.liouna.data.source;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary versions of CIFAR-10 and CIFAR-100 (Krizhevsky, "Learning Multiple Layers of
 * Features from Tiny Images", 2009; https://www.cs.toronto.edu/~kriz/cifar.html). Each file is a
 * run of fixed-length records: the label byte(s), then 3072 bytes of a 32x32 image as three
 * planes, red, green, blue, each row by row. That is already the shard layout (CHW).
 *
 * <ul>
 *   <li>CIFAR-10: {@code cifar-10-batches-bin/} with {@code data_batch_1.bin} to
 *       {@code data_batch_5.bin} (training), {@code test_batch.bin}, and class names in
 *       {@code batches.meta.txt}; one label byte per record.</li>
 *   <li>CIFAR-100: {@code cifar-100-binary/} with {@code train.bin}, {@code test.bin}, and
 *       {@code fine_label_names.txt}, {@code coarse_label_names.txt}; two label bytes per
 *       record, coarse (superclass) first, then fine.</li>
 * </ul>
 */
public enum CifarFormat {

    CIFAR10("cifar10", "cifar-10-batches-bin", 1, 10, 10,
            Map.of("train", List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                    "data_batch_4.bin", "data_batch_5.bin"), "test", List.of("test_batch.bin")),
            "batches.meta.txt", "batches.meta.txt"),

    CIFAR100("cifar100", "cifar-100-binary", 2, 100, 20,
            Map.of("train", List.of("train.bin"), "test", List.of("test.bin")),
            "fine_label_names.txt", "coarse_label_names.txt");

    /** Side of every CIFAR image. */
    public static final int SIDE = 32;

    /** Pixel bytes of one record: three 32x32 planes. */
    public static final int PIXEL_BYTES = 3 * SIDE * SIDE;

    /** The {@code ingest.format} value. */
    private final String formatName;

    /** The folder the official archive unpacks to. */
    private final String folder;

    /** Label bytes before the pixels of every record. */
    private final int labelBytes;

    /** Classes named by the fine label file (CIFAR-10 has only one). */
    private final int fineClasses;

    /** Classes named by the coarse label file. */
    private final int coarseClasses;

    /** Record files of each split, in the order their records are numbered. */
    private final Map<String, List<String>> splitFiles;

    /** Class names of the fine labels, one per line. */
    private final String fineNamesFile;

    /** Class names of the coarse labels, one per line. */
    private final String coarseNamesFile;

    CifarFormat(String formatName, String folder, int labelBytes, int fineClasses,
                int coarseClasses, Map<String, List<String>> splitFiles, String fineNamesFile,
                String coarseNamesFile) {
        this.formatName = formatName;
        this.folder = folder;
        this.labelBytes = labelBytes;
        this.fineClasses = fineClasses;
        this.coarseClasses = coarseClasses;
        this.splitFiles = splitFiles;
        this.fineNamesFile = fineNamesFile;
        this.coarseNamesFile = coarseNamesFile;
    }

    /** The variant for an {@code ingest.format} value. */
    public static CifarFormat forName(String format) {
        return Arrays.stream(values()).filter(v -> v.formatName.equals(format)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + format
                        + "' is not a CIFAR format; use cifar10 or cifar100"));
    }

    public String formatName() {
        return formatName;
    }

    public String folder() {
        return folder;
    }

    public int recordBytes() {
        return labelBytes + PIXEL_BYTES;
    }

    /** Splits and their record files, train first. */
    public Map<String, List<String>> splitFiles() {
        Map<String, List<String>> ordered = new LinkedHashMap<>();
        ordered.put("train", splitFiles.get("train"));
        ordered.put("test", splitFiles.get("test"));
        return ordered;
    }

    /** The class-name file of the chosen labels ({@code coarse} only matters for CIFAR-100). */
    public String classNamesFile(boolean coarse) {
        return coarse ? coarseNamesFile : fineNamesFile;
    }

    /** Every file of the official layout this format reads. */
    public List<String> requiredFiles() {
        List<String> files = new java.util.ArrayList<>();
        splitFiles().values().forEach(files::addAll);
        files.add(fineNamesFile);
        if (!coarseNamesFile.equals(fineNamesFile)) {
            files.add(coarseNamesFile);
        }
        return files;
    }

    /**
     * Records in a record file of {@code size} bytes.
     *
     * @throws IllegalArgumentException if the size is not a whole number of records
     */
    public long recordCount(String fileName, long size) {
        if (size == 0 || size % recordBytes() != 0) {
            throw new IllegalArgumentException("CIFAR record file " + fileName + " is " + size
                    + " bytes, not a multiple of " + recordBytes() + " (" + labelBytes
                    + " label byte(s) + " + PIXEL_BYTES + " pixel bytes per record); the file is"
                    + " truncated or not " + formatName + " binary data: download it again");
        }
        return size / recordBytes();
    }

    /** The label of a record: CIFAR-100's coarse or fine label, CIFAR-10's only label. */
    public int label(byte[] record, boolean coarse, String source) {
        checkLength(record, source);
        int index = this == CIFAR100 && !coarse ? 1 : 0;
        int label = record[index] & 0xFF;
        int classes = coarse ? coarseClasses : fineClasses;
        if (label >= classes) {
            throw new IllegalArgumentException("CIFAR record " + source + " has label " + label
                    + ", but " + classNamesFile(coarse) + " names " + classes + " classes; the"
                    + " file is corrupt or belongs to the other CIFAR format");
        }
        return label;
    }

    /** The 32x32 RGB image of a record. */
    public PixelImage image(byte[] record, String source) {
        checkLength(record, source);
        byte[] pixels = Arrays.copyOfRange(record, labelBytes, recordBytes());
        return new PixelImage(3, SIDE, SIDE, pixels);
    }

    /**
     * Class names from a label-name file: one per non-blank line, which must number exactly the
     * classes of the labels.
     */
    public List<String> classNames(String text, boolean coarse) {
        List<String> names = text.lines().map(String::strip).filter(line -> !line.isEmpty())
                .toList();
        int expected = coarse ? coarseClasses : fineClasses;
        if (names.size() != expected) {
            throw new IllegalArgumentException(classNamesFile(coarse) + " names " + names.size()
                    + " classes, expected " + expected + " for " + formatName + "; restore the"
                    + " file from the official archive");
        }
        return names;
    }

    private void checkLength(byte[] record, String source) {
        if (record.length != recordBytes()) {
            throw new IllegalArgumentException("CIFAR record " + source + " is " + record.length
                    + " bytes, expected " + recordBytes());
        }
    }
}
