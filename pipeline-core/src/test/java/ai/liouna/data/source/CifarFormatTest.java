package ai.liouna.data.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class CifarFormatTest {

    /** A record file in the official layout: label byte(s), then R, G, B planes. */
    static byte[] recordFile(CifarFormat format, int records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < records; i++) {
            out.writeBytes(record(format, i));
        }
        return out.toByteArray();
    }

    /** Record {@code i}: coarse label i % 20, fine label i % 100 (CIFAR-10: i % 10). */
    static byte[] record(CifarFormat format, int i) {
        byte[] record = new byte[format.recordBytes()];
        int labelBytes = format.recordBytes() - CifarFormat.PIXEL_BYTES;
        if (format == CifarFormat.CIFAR100) {
            record[0] = (byte) (i % 20);
            record[1] = (byte) (i % 100);
        } else {
            record[0] = (byte) (i % 10);
        }
        for (int p = 0; p < CifarFormat.PIXEL_BYTES; p++) {
            record[labelBytes + p] = (byte) (p / 1024 * 100 + i);
        }
        return record;
    }

    @Test
    void cifar10RecordGivesLabelAndChannelPlanes() {
        byte[] file = recordFile(CifarFormat.CIFAR10, 3);
        byte[] second = Arrays.copyOfRange(file, 3073, 2 * 3073);

        PixelImage image = CifarFormat.CIFAR10.image(second, "data_batch_1.bin#1");

        assertEquals(1, CifarFormat.CIFAR10.label(second, false, "data_batch_1.bin#1"));
        assertEquals(3, image.channels());
        assertEquals(32, image.height());
        assertEquals(1, image.value(0, 0, 0));
        assertEquals(101, image.value(1, 5, 7));
        assertEquals(201, image.value(2, 31, 31));
    }

    @Test
    void cifar100HasCoarseThenFineLabelBytes() {
        byte[] record = record(CifarFormat.CIFAR100, 57);

        assertEquals(3074, CifarFormat.CIFAR100.recordBytes());
        assertEquals(57, CifarFormat.CIFAR100.label(record, false, "train.bin#57"));
        assertEquals(17, CifarFormat.CIFAR100.label(record, true, "train.bin#57"));
        assertEquals(57 + 100, CifarFormat.CIFAR100.image(record, "train.bin#57").value(1, 0, 0));
    }

    @Test
    void recordCountOfWholeFile() {
        assertEquals(10_000, CifarFormat.CIFAR10.recordCount("data_batch_1.bin", 30_730_000));
        assertEquals(3, CifarFormat.CIFAR100.recordCount("test.bin",
                recordFile(CifarFormat.CIFAR100, 3).length));
    }

    @Test
    void truncatedFileIsRejectedWithItsSize() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> CifarFormat.CIFAR10.recordCount("data_batch_1.bin", 30721));

        assertTrue(error.getMessage().contains(
                "CIFAR record file data_batch_1.bin is 30721 bytes, not a multiple of 3073"),
                error.getMessage());
    }

    @Test
    void labelBeyondTheClassesIsRejected() {
        byte[] record = record(CifarFormat.CIFAR10, 0);
        record[0] = 12;

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> CifarFormat.CIFAR10.label(record, false, "test_batch.bin#0"));
        assertTrue(error.getMessage().contains("test_batch.bin#0 has label 12"));
    }

    @Test
    void classNamesMustNumberTheClasses() {
        String meta = "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n";

        assertEquals(10, CifarFormat.CIFAR10.classNames(meta, false).size());
        assertEquals("truck", CifarFormat.CIFAR10.classNames(meta, false).get(9));
        assertThrows(IllegalArgumentException.class,
                () -> CifarFormat.CIFAR100.classNames(meta, true));
    }

    @Test
    void layoutNamesTheOfficialFiles() {
        assertEquals(List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                "data_batch_4.bin", "data_batch_5.bin"),
                CifarFormat.CIFAR10.splitFiles().get("train"));
        assertEquals("coarse_label_names.txt", CifarFormat.CIFAR100.classNamesFile(true));
        assertTrue(CifarFormat.CIFAR100.requiredFiles().containsAll(
                List.of("train.bin", "test.bin", "fine_label_names.txt")));
        assertArrayEquals(new String[] {"cifar10", "cifar100"}, Arrays.stream(
                CifarFormat.values()).map(CifarFormat::formatName).toArray());
    }
}
