package ai.liouna.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.liouna.config.SettingsException;
import ai.liouna.data.source.Checksums;
import ai.liouna.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download command, offline: unreachable hosts, archives placed by hand. */
class DownloadJobTest {

    @TempDir
    Path work;

    private void download(String format, Path target, String... more) throws Exception {
        String[] overrides = new String[more.length + 3];
        overrides[0] = "ingest.format=" + format;
        overrides[1] = "ingest.source=\"" + target + "\"";
        overrides[2] = "run.output=\"" + work.resolve("run") + "\"";
        System.arraycopy(more, 0, overrides, 3, more.length);
        LocalSpark.run("download", overrides);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void unreachableHostFailsFastNamingTheUrlAndTheManualFix() throws Exception {
        String url = "http://127.0.0.1:" + closedPort() + "/cifar-10-binary.tar.gz";
        Path target = work.resolve("raw/cifar-10-binary.tar.gz");

        IOException error = assertThrows(IOException.class, () -> download("cifar10", target,
                "ingest.downloadUrl=\"" + url + "\""));

        assertTrue(error.getMessage().contains("cannot download " + url), error.getMessage());
        assertTrue(error.getMessage().contains("unreachable"));
        assertTrue(error.getMessage().contains("copy it to " + target));
        assertFalse(Files.exists(target));
    }

    @Test
    void archivePlacedByHandIsCheckedAgainstThePublishedMd5() throws Exception {
        Path target = Files.createDirectories(work.resolve("raw"))
                .resolve("cifar-10-binary.tar.gz");
        Files.writeString(target, "not the real archive");

        IOException error = assertThrows(IOException.class, () -> download("cifar10", target));

        assertTrue(error.getMessage().contains("checksum mismatch for " + target),
                error.getMessage());
        assertTrue(error.getMessage().contains("c32a1d4ab5d03f1284b67883e8d87530"));
    }

    @Test
    void imagenetteWithoutPublishedChecksumRecordsItsSha256() throws Exception {
        Path target = Files.createDirectories(work.resolve("raw"))
                .resolve("imagenette2-160.tgz");
        Files.writeString(target, "placed by hand");

        download("imagenette", target);

        String recorded = Files.readString(work.resolve("raw/imagenette2-160.tgz.sha256"));
        assertEquals(Checksums.sha256("placed by hand".getBytes()) + "  imagenette2-160.tgz\n",
                recorded);
        JsonNode summary = Json.mapper().readTree(
                work.resolve("run/download/summary.json").toFile());
        assertTrue(summary.at("/metrics/checkedAgainst").asText().startsWith("none published"));

        Files.writeString(target, "changed since");
        SettingsException mismatch = assertThrows(SettingsException.class,
                () -> download("imagenette", target, "run.overwrite=true"));
        assertTrue(mismatch.getMessage().contains("checksum mismatch"));
    }

    @Test
    void targetMustCarryTheOfficialName() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> download("stl10", work.resolve("raw/stl10")));

        assertTrue(error.getMessage().contains("stl10_binary.tar.gz"), error.getMessage());
    }
}
