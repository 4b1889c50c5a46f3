package ai.liouna.data.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;

class TarArchiveTest {

    /** A .tar.gz holding {@code files} (path to content), with a directory entry first. */
    static byte[] tarGz(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new GzipCompressorOutputStream(bytes))) {
            tar.putArchiveEntry(new TarArchiveEntry("top/"));
            tar.closeArchiveEntry();
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(file.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void extractsRegularFilesAndDigestsTheArchive() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("top/train/cat/1.jpg", new byte[] {1, 2, 3});
        files.put("top/readme.txt", "hello".getBytes());
        byte[] archive = tarGz(files);
        Map<String, byte[]> extracted = new LinkedHashMap<>();

        String sha256 = TarArchive.extract(new ByteArrayInputStream(archive), "x.tar.gz",
                (path, size, content) -> extracted.put(path, content.readAllBytes()));

        assertEquals(files.keySet(), extracted.keySet());
        assertArrayEquals(new byte[] {1, 2, 3}, extracted.get("top/train/cat/1.jpg"));
        assertEquals(Checksums.sha256(archive), sha256);
    }

    @Test
    void truncatedArchiveIsReported() throws IOException {
        byte[] archive = tarGz(Map.of("top/a.bin", new byte[50_000]));
        byte[] truncated = Arrays.copyOf(archive, archive.length - 30);

        IOException error = assertThrows(IOException.class, () -> TarArchive.extract(
                new ByteArrayInputStream(truncated), "cifar-10-binary.tar.gz",
                (path, size, content) -> content.readAllBytes()));
        assertTrue(error.getMessage().contains("cifar-10-binary.tar.gz is truncated or corrupt")
                || error.getMessage().contains("Truncated"), error.getMessage());
    }

    @Test
    void entryEscapingTheTargetIsRefused() throws IOException {
        byte[] archive = tarGz(Map.of("../evil.sh", new byte[] {1}));

        assertThrows(IllegalArgumentException.class, () -> TarArchive.extract(
                new ByteArrayInputStream(archive), "evil.tgz", (path, size, content) -> { }));
    }

    @Test
    void recognisesArchiveNames() {
        assertTrue(TarArchive.isArchive("imagenette2-160.tgz"));
        assertTrue(TarArchive.isArchive("cifar-10-binary.TAR.GZ"));
        assertEquals(false, TarArchive.isArchive("data/raw/cifar10"));
    }
}
