package ai.liouna.data.source;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Locale;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Streams the regular files out of a {@code .tar.gz}, {@code .tgz} or {@code .tar} archive, the
 * form every supported dataset is published in, and digests the archive bytes on the way so the
 * source checksum costs no second read. Entries that would land outside the target (absolute
 * paths, {@code ..}) are refused.
 */
public final class TarArchive {

    private TarArchive() {
    }

    /** Receives each regular file of the archive, in archive order. */
    @FunctionalInterface
    public interface EntrySink {
        /** @param path '/'-separated path inside the archive; {@code content} ends with it */
        void file(String path, long size, InputStream content) throws IOException;
    }

    /** Whether a file name names an archive this class reads. */
    public static boolean isArchive(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".tar.gz") || lower.endsWith(".tgz") || lower.endsWith(".tar");
    }

    /**
     * Passes every regular file to {@code sink} and returns the SHA-256 of the archive bytes.
     *
     * @param archive the archive's bytes (not closed)
     * @param name    the archive's file name, which says whether it is gzipped, and for messages
     */
    public static String extract(InputStream archive, String name, EntrySink sink)
            throws IOException {
        MessageDigest digest = Checksums.digest(Checksums.SHA256);
        // The buffer sits above the digest: gzip marks and resets the stream it reads, and a
        // reset below the digest would count the re-read bytes twice.
        InputStream buffered = new BufferedInputStream(new DigestInputStream(archive, digest),
                1 << 16);
        InputStream tar = name.toLowerCase(Locale.ROOT).endsWith(".tar") ? buffered
                : readable(() -> new GzipCompressorInputStream(buffered, true), name);
        TarArchiveInputStream entries = new TarArchiveInputStream(tar);
        InputStream content = new EntryContent(entries, name);
        for (TarArchiveEntry entry = readable(entries::getNextTarEntry, name); entry != null;
                entry = readable(entries::getNextTarEntry, name)) {
            if (entry.isFile()) {
                sink.file(safePath(entry.getName(), name), entry.getSize(), content);
            }
        }
        readable(() -> buffered.transferTo(OutputStream.nullOutputStream()), name);
        return Checksums.hex(digest.digest());
    }

    /** A read of the archive itself; its failures mean a damaged download. */
    @FunctionalInterface
    private interface ArchiveRead<T> {
        T read() throws IOException;
    }

    private static <T> T readable(ArchiveRead<T> read, String name) throws IOException {
        try {
            return read.read();
        } catch (IOException e) {
            throw damaged(name, e);
        }
    }

    private static IOException damaged(String name, IOException cause) {
        return new IOException("archive " + name + " is truncated or corrupt ("
                + (cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage()) + "); download it again and check its checksum", cause);
    }

    /** The current entry's bytes, whose read failures are reported as a damaged archive. */
    private static final class EntryContent extends FilterInputStream {

        /** The archive's file name, for messages. */
        private final String name;

        EntryContent(InputStream entries, String name) {
            super(entries);
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            return readable(super::read, name);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return readable(() -> super.read(buffer, offset, length), name);
        }

        @Override
        public void close() {
            // The sink does not own the archive stream.
        }
    }

    private static String safePath(String path, String archive) {
        String normalised = path.replace('\\', '/');
        while (normalised.startsWith("./")) {
            normalised = normalised.substring(2);
        }
        if (normalised.startsWith("/") || normalised.equals("..") || normalised.startsWith("../")
                || normalised.contains("/../") || normalised.endsWith("/..")) {
            throw new IllegalArgumentException("archive " + archive + " holds an entry '" + path
                    + "' that points outside the folder it unpacks to; refusing to unpack it");
        }
        return normalised;
    }
}
