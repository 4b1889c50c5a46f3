package ai.liouna.jobs;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Small datasets written in the real source formats, for the ingest tests. */
final class TestSources {

    private TestSources() {
    }

    /** Value of every pixel of an image-folder test image: its class and index shift it. */
    static int shade(int label, int index, int channel) {
        return 40 + 100 * label + 10 * channel + index;
    }

    /**
     * {@code <root>/<top>/<split>/<class>/NNNN.png}: for each split and class, {@code perClass}
     * flat 16x16 PNG images of the shade above.
     */
    static Path imageFolder(Path root, String top, List<String> classes, int trainPerClass,
                            int testPerClass) throws IOException {
        for (String split : List.of("train", "test")) {
            int count = split.equals("train") ? trainPerClass : testPerClass;
            for (int label = 0; label < classes.size(); label++) {
                Path folder = Files.createDirectories(
                        root.resolve(top).resolve(split).resolve(classes.get(label)));
                for (int index = 0; index < count; index++) {
                    Files.write(folder.resolve(String.format("%04d.png", index)),
                            png(flat(16, 16, label, index)));
                }
            }
        }
        return root.resolve(top);
    }

    static BufferedImage flat(int height, int width, int label, int index) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int rgb = shade(label, index, 0) << 16 | shade(label, index, 1) << 8
                | shade(label, index, 2);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    static byte[] png(BufferedImage image) throws IOException {
        return encode(image, "png");
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    /** A JPEG cut in half: decoders see it end early. */
    static byte[] truncatedJpeg() throws IOException {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        SplittableRandom random = new SplittableRandom(1);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        byte[] jpeg = encode(image, "jpg");
        return Arrays.copyOf(jpeg, jpeg.length / 2);
    }

    /** CIFAR-10 record {@code index} of a batch: label index % 10, pixels shifted by index. */
    static byte[] cifarRecord(int index) {
        byte[] record = new byte[3073];
        record[0] = (byte) (index % 10);
        for (int p = 0; p < 3072; p++) {
            record[1 + p] = (byte) (p / 1024 * 50 + index);
        }
        return record;
    }

    /** {@code cifar-10-batches-bin/} with {@code perBatch} records in each of the six files. */
    static Path cifar10(Path root, int perBatch) throws IOException {
        Path folder = Files.createDirectories(root.resolve("cifar-10-batches-bin"));
        List<String> batches = List.of("data_batch_1.bin", "data_batch_2.bin",
                "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin");
        for (String batch : batches) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < perBatch; i++) {
                out.writeBytes(cifarRecord(i));
            }
            Files.write(folder.resolve(batch), out.toByteArray());
        }
        Files.writeString(folder.resolve("batches.meta.txt"), "airplane\nautomobile\nbird\ncat"
                + "\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n");
        return folder;
    }

    /** A .tar.gz of everything below {@code folder}, entries named from its parent. */
    static Path tarGz(Path folder, Path archive) throws IOException {
        Path base = folder.getParent();
        try (OutputStream file = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(
                     new GzipCompressorOutputStream(file));
             Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted().toList()) {
                String name = base.relativize(path).toString().replace('\\', '/');
                if (Files.isDirectory(path)) {
                    tar.putArchiveEntry(new TarArchiveEntry(name + "/"));
                } else {
                    TarArchiveEntry entry = new TarArchiveEntry(name);
                    entry.setSize(Files.size(path));
                    tar.putArchiveEntry(entry);
                    Files.copy(path, tar);
                }
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }

    /** The upright STL-10 test picture of image {@code index} (see Stl10FormatTest). */
    static int stlUpright(int index, int channel, int row, int column) {
        return switch (channel) {
            case 0 -> (row * 2 + index) % 256;
            case 1 -> column;
            default -> row < 10 && column < 40 ? 255 : index;
        };
    }

    /** {@code count} STL-10 image records, each channel stored column by column. */
    static byte[] stlImages(int count) {
        int side = 96;
        byte[] bytes = new byte[count * 3 * side * side];
        for (int index = 0; index < count; index++) {
            for (int channel = 0; channel < 3; channel++) {
                for (int column = 0; column < side; column++) {
                    for (int row = 0; row < side; row++) {
                        bytes[((index * 3 + channel) * side + column) * side + row] =
                                (byte) stlUpright(index, channel, row, column);
                    }
                }
            }
        }
        return bytes;
    }

    /**
     * {@code stl10_binary/} with the given image counts; train and test labels cycle through
     * 1..10 on disk; fold f holds training images f and f + 1.
     */
    static Path stl10(Path root, int train, int test, int unlabeled) throws IOException {
        Path folder = Files.createDirectories(root.resolve("stl10_binary"));
        Files.write(folder.resolve("train_X.bin"), stlImages(train));
        Files.write(folder.resolve("test_X.bin"), stlImages(test));
        Files.write(folder.resolve("unlabeled_X.bin"), stlImages(unlabeled));
        Files.write(folder.resolve("train_y.bin"), stlLabels(train));
        Files.write(folder.resolve("test_y.bin"), stlLabels(test));
        Files.writeString(folder.resolve("class_names.txt"), "airplane\nbird\ncar\ncat\ndeer\n"
                + "dog\nhorse\nmonkey\nship\ntruck\n");
        StringBuilder folds = new StringBuilder();
        for (int fold = 0; fold < 10; fold++) {
            folds.append(fold % train).append(' ').append((fold + 1) % train).append('\n');
        }
        Files.writeString(folder.resolve("fold_indices.txt"), folds);
        return folder;
    }

    static byte[] stlLabels(int count) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10 + 1);
        }
        return labels;
    }
}
