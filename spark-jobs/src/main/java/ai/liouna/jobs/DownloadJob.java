package ai.liouna.jobs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import ai.liouna.data.source.ArchiveDownloader;
import ai.liouna.data.source.ArchiveDownloader.Digests;
import ai.liouna.data.source.DatasetArchive;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code download} command: fetches the official archive of {@code ingest.format} to
 * {@code ingest.source} and checks it against the publisher's MD5, so that {@code ingest} with
 * the same settings reads it. Imagenette publishes no checksum: its SHA-256 is recorded beside
 * the archive ({@code <archive>.sha256}) at the first download and later downloads must match
 * it. An archive already in place is checked and kept.
 */
final class DownloadJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadJob.class);

    /** How long to wait for the publisher's server before calling it unreachable. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    @Override
    public String name() {
        return "download";
    }

    @Override
    public String description() {
        return "fetch the official archive of ingest.format to ingest.source and verify it";
    }

    @Override
    public void run(JobContext context) throws Exception {
        Settings settings = context.settings();
        Path target = new Path(settings.getString("ingest.source"));
        DatasetArchive archive = DatasetArchive.of(settings.getString("ingest.format"),
                target.getName());
        String mirror = settings.getString("ingest.downloadUrl");
        URI url = mirror.isEmpty() ? archive.url() : URI.create(mirror);
        context.claimOutputDirectory();

        Digests digests = context.timed("download", () -> fetch(context.files(), url, target,
                archive));
        String recorded = context.timed("verify", () -> verify(context.files(), target, archive,
                digests));
        context.summary().metrics().putAll(Map.of("url", url.toString(),
                "file", target.toString(), "bytes", digests.bytes(), "md5", digests.md5(),
                "sha256", digests.sha256(), "checkedAgainst", recorded));
        context.writeSummary();
    }

    /** The archive's digests: of the file in place, or of a fresh download. */
    private static Digests fetch(HadoopFiles files, URI url, Path target, DatasetArchive archive)
            throws IOException {
        if (files.exists(target)) {
            LOG.info("{} is already in place; checking it instead of downloading", target);
            return digests(files, target);
        }
        boolean local = isLocal(target);
        java.nio.file.Path landing = local ? Paths.get(target.toUri().getPath())
                : Files.createTempDirectory("liouna-download").resolve(archive.fileName());
        Digests digests = new ArchiveDownloader(CONNECT_TIMEOUT).download(url, landing,
                archive.md5());
        if (!local) {
            FileSystem fs = files.fileSystem(target);
            fs.copyFromLocalFile(true, true, new Path(landing.toUri()), target);
        }
        LOG.info("downloaded {} ({} MB) to {}", url, digests.bytes() >> 20, target);
        return digests;
    }

    /**
     * Checks the digests against the published MD5, or the recorded SHA-256, recording it
     * first if there is none; returns what was checked against.
     */
    private static String verify(HadoopFiles files, Path target, DatasetArchive archive,
                                 Digests digests) throws IOException {
        if (archive.md5() != null) {
            ArchiveDownloader.checkMd5(digests, archive.md5(), target.toString());
            return "published MD5 " + archive.md5();
        }
        Path record = new Path(target.getParent(), target.getName() + ".sha256");
        if (!files.exists(record)) {
            files.writeText(record, digests.sha256() + "  " + target.getName() + "\n");
            LOG.warn("no checksum is published for {}; recorded its SHA-256 {} in {} so that"
                    + " later downloads are checked against it", archive.fileName(),
                    digests.sha256(), record);
            return "none published; SHA-256 recorded in " + record;
        }
        String expected = files.readText(record).trim().split("\\s+")[0];
        if (!expected.equalsIgnoreCase(digests.sha256())) {
            throw new SettingsException("checksum mismatch for " + target + ": SHA-256 is "
                    + digests.sha256() + " but " + record + " recorded " + expected + "; delete"
                    + " the archive and download it again (or delete " + record + " if the"
                    + " publisher has replaced the file)");
        }
        return "SHA-256 recorded in " + record;
    }

    private static Digests digests(HadoopFiles files, Path file) throws IOException {
        return ArchiveDownloader.digests(files.open(file));
    }

    private static boolean isLocal(Path path) {
        String scheme = path.toUri().getScheme();
        return scheme == null || scheme.equals("file");
    }
}
