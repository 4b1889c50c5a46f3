package ai.liouna.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Small file operations on any Hadoop path (local, HDFS, s3a). Writes go to a temporary name
 * first and are renamed into place, so a reader never sees half a file on file systems where
 * rename is atomic (local, HDFS); on S3 the object appears whole when its upload completes.
 */
public final class HadoopFiles {

    private final Configuration configuration;

    public HadoopFiles(Configuration configuration) {
        this.configuration = configuration;
    }

    public Configuration configuration() {
        return configuration;
    }

    public FileSystem fileSystem(Path path) {
        try {
            return path.getFileSystem(configuration);
        } catch (IOException e) {
            throw new UncheckedIOException("no file system for " + path, e);
        }
    }

    public boolean exists(Path path) {
        try {
            return fileSystem(path).exists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not check " + path, e);
        }
    }

    public void delete(Path path) {
        try {
            fileSystem(path).delete(path, true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + path, e);
        }
    }

    /** The length of a file in bytes. */
    public long length(Path path) {
        try {
            return fileSystem(path).getFileStatus(path).getLen();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path, e);
        }
    }

    public void mkdirs(Path path) {
        try {
            fileSystem(path).mkdirs(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + path, e);
        }
    }

    /** Writes text atomically (temporary file, then rename). */
    public void writeText(Path path, String text) {
        writeBytes(path, text.getBytes(StandardCharsets.UTF_8));
    }

    public void writeBytes(Path path, byte[] bytes) {
        write(path, out -> out.write(bytes));
    }

    /** Streams into a temporary file next to {@code path}, then renames it into place. */
    public void write(Path path, StreamWriter writer) {
        FileSystem fs = fileSystem(path);
        Path temporary = new Path(path.getParent(), "." + path.getName() + ".tmp");
        try {
            fs.mkdirs(path.getParent());
            try (OutputStream out = fs.create(temporary, true)) {
                writer.write(out);
            }
            if (fs.exists(path)) {
                fs.delete(path, false);
            }
            if (!fs.rename(temporary, path)) {
                throw new IOException("rename of " + temporary + " to " + path + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + path, e);
        }
    }

    public String readText(Path path) {
        return new String(readBytes(path), StandardCharsets.UTF_8);
    }

    public byte[] readBytes(Path path) {
        try (InputStream in = fileSystem(path).open(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path, e);
        }
    }

    public InputStream open(Path path) {
        try {
            return fileSystem(path).open(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open " + path, e);
        }
    }

    /** Writes to an output stream; may throw I/O errors. */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }
}
