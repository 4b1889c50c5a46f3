package ai.liouna.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;

import ai.liouna.config.SettingsException;
import ai.liouna.data.source.TarArchive;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source of an ingest as a folder that executors can read in parallel: the
 * {@code ingest.source} folder itself, or the {@code .tar.gz} archive it names unpacked into a
 * work folder (a gzip stream cannot be split, so it is read once, on the driver).
 *
 * @param root          the folder holding the source's files
 * @param archive       the archive's file name, or null for a folder source
 * @param archiveSha256 SHA-256 of the archive, or null for a folder source
 */
record StagedSource(Path root, String archive, String archiveSha256) {

    private static final Logger LOG = LoggerFactory.getLogger(StagedSource.class);

    /** Unpacks {@code source} into {@code workFolder} if it is an archive. */
    static StagedSource stage(HadoopFiles files, String source, Path workFolder) {
        Path path = new Path(source);
        FileStatus status = status(files, path);
        if (status.isDirectory()) {
            return new StagedSource(path, null, null);
        }
        if (!TarArchive.isArchive(path.getName())) {
            throw new SettingsException("ingest.source=" + source + " is a file but not a"
                    + " .tar.gz, .tgz or .tar archive; point it at the dataset's folder or its"
                    + " official archive");
        }
        return new StagedSource(workFolder, path.getName(), unpack(files, path, workFolder));
    }

    private static FileStatus status(HadoopFiles files, Path path) {
        try {
            return files.fileSystem(path).getFileStatus(path);
        } catch (java.io.FileNotFoundException e) {
            throw new SettingsException("ingest.source=" + path + " does not exist; set it to"
                    + " the dataset's folder or archive (the download command fetches the"
                    + " official archive)");
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path, e);
        }
    }

    private static String unpack(HadoopFiles files, Path archive, Path target) {
        Instant start = Instant.now();
        EntryOpener opener = opener(files.fileSystem(target), target);
        long[] totals = new long[2];
        String sha256;
        try (InputStream in = files.open(archive)) {
            sha256 = TarArchive.extract(in, archive.getName(), (entry, size, content) -> {
                try (OutputStream out = opener.open(entry)) {
                    totals[1] += content.transferTo(out);
                }
                totals[0]++;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack " + archive + " into " + target
                    + ": " + e.getMessage(), e);
        }
        LOG.info("unpacked {} files ({} MB) of {} in {} s", totals[0], totals[1] >> 20,
                archive.getName(), Duration.between(start, Instant.now()).toMillis() / 1e3);
        return sha256;
    }

    /** Opens the file an archive entry is unpacked to. */
    @FunctionalInterface
    private interface EntryOpener {
        OutputStream open(String entry) throws IOException;
    }

    /**
     * Local disks are written with java.nio: Hadoop's local file system would fork a chmod per
     * file (no native library) and add a .crc file beside each, minutes for 60,000 images.
     */
    private static EntryOpener opener(FileSystem fs, Path target) {
        if (!(fs instanceof LocalFileSystem)) {
            return entry -> fs.create(new Path(target, entry), true);
        }
        java.nio.file.Path folder = Paths.get(fs.makeQualified(target).toUri());
        return entry -> {
            java.nio.file.Path file = folder.resolve(entry);
            Files.createDirectories(file.getParent());
            return Files.newOutputStream(file);
        };
    }

    /** Whether the source was an archive. */
    boolean fromArchive() {
        return archive != null;
    }
}
