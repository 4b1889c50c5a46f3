package ai.liouna.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ai.liouna.model.Backbone;
import ai.liouna.model.BackboneIO;
import ai.liouna.train.TrainingState;
import ai.liouna.util.Json;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints of a pretraining run under {@code <output>/checkpoints/step-NNNNNNNNN/}: the
 * backbone, the metrics so far, and {@code state.json}, written last. A directory without
 * {@code state.json} is an interrupted write and is ignored, so the newest complete checkpoint
 * is always one that can be resumed. Works on any Hadoop file system.
 */
final class CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    static final String STATE_FILE = "state.json";

    private final HadoopFiles files;
    private final Path root;
    private final int keep;

    CheckpointStore(HadoopFiles files, Path root, int keep) {
        this.files = files;
        this.root = root;
        this.keep = Math.max(1, keep);
    }

    /** A resumable checkpoint: the backbone and where training stood. */
    record Checkpoint(Path directory, Backbone backbone, TrainingState state, String metrics) {
    }

    Path write(Backbone backbone, TrainingState state, String metricsJsonLines) {
        Path directory = new Path(root, String.format("step-%09d", state.globalStep()));
        files.write(new Path(directory, PretrainJob.BACKBONE_FILE),
                out -> BackboneIO.write(backbone, out));
        files.writeText(new Path(directory, PretrainJob.METRICS_FILE), metricsJsonLines);
        files.writeText(new Path(directory, STATE_FILE), Json.write(state));
        LOG.info("pretrain: checkpoint at global step {} written to {}", state.globalStep(),
                directory);
        pruneOlderThan(keep);
        return directory;
    }

    /** The newest complete checkpoint, if any. */
    Optional<Checkpoint> latest() {
        List<Path> complete = complete();
        if (complete.isEmpty()) {
            return Optional.empty();
        }
        Path directory = complete.get(complete.size() - 1);
        TrainingState state = Json.read(files.readText(new Path(directory, STATE_FILE)),
                TrainingState.class);
        try (InputStream in = files.open(new Path(directory, PretrainJob.BACKBONE_FILE))) {
            Backbone backbone = BackboneIO.read(in);
            String metrics = files.readText(new Path(directory, PretrainJob.METRICS_FILE));
            return Optional.of(new Checkpoint(directory, backbone, state, metrics));
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint " + directory + " is unreadable", e);
        }
    }

    /** Complete checkpoint directories, oldest first. */
    List<Path> complete() {
        List<Path> directories = new ArrayList<>();
        FileSystem fs = files.fileSystem(root);
        try {
            if (!fs.exists(root)) {
                return directories;
            }
            for (FileStatus status : fs.listStatus(root)) {
                Path directory = status.getPath();
                if (status.isDirectory() && directory.getName().startsWith("step-")
                        && fs.exists(new Path(directory, STATE_FILE))) {
                    directories.add(directory);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list checkpoints in " + root, e);
        }
        directories.sort((a, b) -> a.getName().compareTo(b.getName()));
        return directories;
    }

    private void pruneOlderThan(int newest) {
        List<Path> complete = complete();
        for (int i = 0; i < complete.size() - newest; i++) {
            files.delete(complete.get(i));
        }
    }
}
