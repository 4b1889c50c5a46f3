package ai.liouna.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;

import ai.liouna.config.SettingsException;
import ai.liouna.data.Manifest;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The destination of an ingest, written so that no reader ever mistakes a partial dataset for a
 * complete one. Shards go to a hidden sibling folder; only when everything is written is that
 * folder moved to the destination, and the manifest, which marks a dataset complete, is written
 * after it. A failed run deletes its sibling folder and leaves the destination as it was.
 *
 * <p>An existing dataset is replaced only with {@code ingest.overwrite=true}, and only if it is a
 * dataset (it has a manifest): a folder holding anything else is never deleted. The move is
 * atomic on HDFS and local disks; on S3 a rename copies object by object, but the manifest still
 * comes last.
 */
final class DatasetDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetDirectory.class);

    /** File access on any Hadoop file system. */
    private final HadoopFiles files;

    /** Where the finished dataset goes ({@code data.shards}). */
    private final Path root;

    /** The hidden sibling the dataset is built in. */
    private final Path staging;

    /** Whether an existing dataset at {@code root} may be replaced. */
    private final boolean overwrite;

    private DatasetDirectory(HadoopFiles files, Path root, Path staging, boolean overwrite) {
        this.files = files;
        this.root = root;
        this.staging = staging;
        this.overwrite = overwrite;
    }

    /** Checks the destination may be written and creates the staging folder beside it. */
    static DatasetDirectory claim(HadoopFiles files, String location, boolean overwrite) {
        Path root = new Path(location);
        if (root.getParent() == null) {
            throw new SettingsException("data.shards=" + location + " names a file system or"
                    + " bucket root; name a folder inside it, e.g. " + new Path(root, "cifar10"));
        }
        checkReplaceable(files, root, overwrite);
        warnAboutLeftovers(files, root);
        String name = prefix(root) + UUID.randomUUID().toString().substring(0, 8);
        Path staging = new Path(root.getParent(), name);
        files.mkdirs(staging);
        return new DatasetDirectory(files, root, staging, overwrite);
    }

    private static void checkReplaceable(HadoopFiles files, Path root, boolean overwrite) {
        if (!files.exists(root) || isEmptyFolder(files, root)) {
            return;
        }
        boolean dataset = files.exists(new Path(root, Manifest.FILE_NAME));
        if (dataset && !overwrite) {
            throw new SettingsException("data.shards=" + root + " already holds a dataset;"
                    + " set ingest.overwrite=true to replace it, or choose another data.shards");
        }
        if (!dataset) {
            throw new SettingsException("data.shards=" + root + " exists and is not a dataset"
                    + " ingest wrote (it has no " + Manifest.FILE_NAME + "), so ingest will not"
                    + " replace it; delete it yourself if it is left from a failed run, or choose"
                    + " another data.shards");
        }
    }

    /** Names of this destination's staging folders start with this. */
    private static String prefix(Path root) {
        return "." + root.getName() + ".ingest-";
    }

    /** Staging folders of runs that died without cleaning up (e.g. killed, out of memory). */
    private static void warnAboutLeftovers(HadoopFiles files, Path root) {
        try {
            Path parent = root.getParent();
            if (!files.exists(parent)) {
                return;
            }
            for (FileStatus status : files.fileSystem(parent).listStatus(parent)) {
                if (status.getPath().getName().startsWith(prefix(root))) {
                    LOG.warn("{} is left from an ingest that did not finish; no job reads it,"
                            + " delete it to free the space", status.getPath());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + root.getParent(), e);
        }
    }

    private static boolean isEmptyFolder(HadoopFiles files, Path path) {
        try {
            FileSystem fs = files.fileSystem(path);
            return fs.getFileStatus(path).isDirectory() && fs.listStatus(path).length == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + path, e);
        }
    }

    Path root() {
        return root;
    }

    /** Where the shards of one split are written. */
    Path split(String name) {
        return new Path(staging, name);
    }

    /** A work folder removed before publishing, e.g. for an unpacked archive. */
    Path scratch(String name) {
        return new Path(staging, "_" + name);
    }

    /** Removes the work folders, so only shards are moved into place. */
    void dropScratch() {
        try {
            for (FileStatus status : files.fileSystem(staging).listStatus(staging)) {
                if (status.getPath().getName().startsWith("_")) {
                    files.delete(status.getPath());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + staging, e);
        }
    }

    /**
     * Moves the finished shards to the destination, replacing an existing dataset if allowed,
     * then writes the manifest.
     */
    void publish(String manifestJson) {
        checkReplaceable(files, root, overwrite);
        Path replaced = null;
        if (files.exists(root) && isEmptyFolder(files, root)) {
            files.delete(root);
        } else if (files.exists(root)) {
            replaced = new Path(root.getParent(), staging.getName() + ".replaced");
            rename(root, replaced);
        }
        try {
            rename(staging, root);
        } catch (RuntimeException e) {
            if (replaced != null) {
                rename(replaced, root);
            }
            throw e;
        }
        files.writeText(new Path(root, Manifest.FILE_NAME), manifestJson);
        if (replaced != null) {
            files.delete(replaced);
        }
        LOG.info("dataset complete at {}", root);
    }

    /** Deletes everything this run wrote; the destination is untouched. */
    void abandon() {
        try {
            if (files.exists(staging)) {
                files.delete(staging);
                LOG.info("removed the unfinished dataset at {}", staging);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not remove the unfinished dataset at {}; delete it by hand", staging,
                    e);
        }
    }

    private void rename(Path from, Path to) {
        try {
            FileSystem fs = files.fileSystem(from);
            if (!fs.rename(from, to)) {
                throw new IOException("the file system refused the rename");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not move " + from + " to " + to, e);
        }
    }
}
