package ai.liouna.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveDownloaderTest {

    private static final byte[] CONTENT = "not really an archive".getBytes();
    private static final String CONTENT_MD5 = md5(CONTENT);

    @TempDir
    Path folder;

    private final ArchiveDownloader downloader = new ArchiveDownloader(Duration.ofSeconds(5));

    private static String md5(byte[] bytes) {
        return Checksums.hex(Checksums.digest(Checksums.MD5).digest(bytes));
    }

    /** A loopback port nothing listens on. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void unreachableHostFailsFastWithTheUrlAndTheManualFix() throws IOException {
        URI url = URI.create("http://127.0.0.1:" + closedPort() + "/cifar-10-binary.tar.gz");
        Path target = folder.resolve("cifar-10-binary.tar.gz");
        long start = System.nanoTime();

        IOException error = assertThrows(IOException.class,
                () -> downloader.download(url, target, "c32a1d4ab5d03f1284b67883e8d87530"));

        assertTrue(System.nanoTime() - start < 5_000_000_000L, "should fail at once");
        String message = error.getMessage();
        assertTrue(message.contains("cannot download " + url), message);
        assertTrue(message.contains("host 127.0.0.1 is unreachable"), message);
        assertTrue(message.contains("copy it to " + target), message);
        assertTrue(message.contains("c32a1d4ab5d03f1284b67883e8d87530"), message);
        assertFalse(Files.exists(target));
    }

    @Test
    void localFileChecksumIsVerified() throws IOException {
        Path file = Files.write(folder.resolve("placed.tar.gz"), CONTENT);
        ArchiveDownloader.Digests digests = ArchiveDownloader.digests(file);

        assertEquals(CONTENT_MD5, digests.md5());
        assertEquals(Checksums.sha256(CONTENT), digests.sha256());
        assertEquals(CONTENT.length, digests.bytes());
        ArchiveDownloader.checkMd5(digests, CONTENT_MD5.toUpperCase(), "placed.tar.gz");
        IOException error = assertThrows(IOException.class, () -> ArchiveDownloader.checkMd5(
                digests, "c32a1d4ab5d03f1284b67883e8d87530", "placed.tar.gz"));
        assertTrue(error.getMessage().startsWith("checksum mismatch for placed.tar.gz: MD5 is "
                + CONTENT_MD5 + " but the published MD5 is c32a1d4ab5d03f1284b67883e8d87530"));
    }

    @Test
    void downloadLandsOnlyWhenTheChecksumMatches() throws IOException {
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/archive.tgz", exchange -> {
            exchange.sendResponseHeaders(200, CONTENT.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(CONTENT);
            }
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/archive.tgz");
            Path good = folder.resolve("good.tgz");
            Path bad = folder.resolve("bad.tgz");

            ArchiveDownloader.Digests digests = downloader.download(url, good, CONTENT_MD5);
            assertThrows(IOException.class, () -> downloader.download(url, bad,
                    "00000000000000000000000000000000"));

            assertEquals(CONTENT_MD5, digests.md5());
            assertEquals(new String(CONTENT), Files.readString(good));
            assertFalse(Files.exists(bad));
            assertFalse(Files.exists(folder.resolve(".bad.tgz.part")));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void missingFileOnTheServerNamesTheStatus() throws IOException {
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/x.tgz");

            IOException error = assertThrows(IOException.class,
                    () -> downloader.download(url, folder.resolve("x.tgz"), null));
            assertTrue(error.getMessage().contains("HTTP 404"), error.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void archivesAreChosenByFormatAndFileName() {
        assertEquals(DatasetArchive.IMAGENETTE_160,
                DatasetArchive.of("imagenette", "imagenette2-160.tgz"));
        assertEquals("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz",
                DatasetArchive.of("cifar100", "cifar-100-binary.tar.gz").url().toString());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> DatasetArchive.of("stl10", "stl.tgz"));
        assertTrue(error.getMessage().contains("stl10_binary.tar.gz"));
        assertThrows(IllegalArgumentException.class,
                () -> DatasetArchive.of("image-folder", "x.tgz"));
    }
}
