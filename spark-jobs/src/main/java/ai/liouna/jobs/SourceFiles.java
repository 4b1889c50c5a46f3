package ai.liouna.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.liouna.data.source.Checksums;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Executor-side access to the files of a source folder: the driver's Hadoop configuration
 * (credentials of s3a:// included) is broadcast once, and tasks open files by their path
 * relative to the folder. Also computes source checksums in parallel.
 */
final class SourceFiles implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The driver's Hadoop configuration. */
    private final Broadcast<SerializableConfiguration> configuration;

    /** The source folder, as a URI string. */
    private final String root;

    SourceFiles(JavaSparkContext spark, Path root) {
        this.configuration = spark.broadcast(
                new SerializableConfiguration(spark.hadoopConfiguration()));
        this.root = root.toString();
    }

    /** Every byte of one file. */
    byte[] read(String relativePath) {
        Path path = new Path(root, relativePath);
        try (FSDataInputStream in = path.getFileSystem(configuration.value().value())
                .open(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path, e);
        }
    }

    /** SHA-256 of one file, streamed. */
    String sha256(String relativePath) {
        Path path = new Path(root, relativePath);
        try (InputStream in = path.getFileSystem(configuration.value().value()).open(path)) {
            return Checksums.of(Checksums.SHA256, in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path, e);
        }
    }

    /** SHA-256 of each file, one task per few files, keyed by relative path in given order. */
    Map<String, String> sha256(JavaSparkContext spark, List<String> relativePaths) {
        SourceFiles files = this;
        List<String> lines = spark.parallelize(relativePaths, slices(spark, relativePaths))
                .map(path -> path + " " + files.sha256(path)).collect();
        Map<String, String> digests = new LinkedHashMap<>();
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            digests.put(line.substring(0, space), line.substring(space + 1));
        }
        return digests;
    }

    /**
     * One SHA-256 standing for many files: the digest of the lines "path SHA-256", sorted by
     * path, so it changes when any file is added, removed, renamed or altered.
     */
    String treeSha256(JavaSparkContext spark, List<String> relativePaths) {
        List<String> lines = new ArrayList<>();
        sha256(spark, relativePaths).forEach((path, digest) -> lines.add(path + " " + digest));
        lines.sort(null);
        return Checksums.sha256(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    private static int slices(JavaSparkContext spark, List<String> paths) {
        return Math.max(1, Math.min(paths.size(),
                Math.max(spark.defaultParallelism(), paths.size() / 2000)));
    }
}
