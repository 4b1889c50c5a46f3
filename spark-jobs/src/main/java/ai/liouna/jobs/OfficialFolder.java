package ai.liouna.jobs;

import java.util.List;

import org.apache.hadoop.fs.Path;

/**
 * Finds the folder of an official dataset layout below a source root: the root itself, or its
 * child of the official name (what the archive unpacks to), and checks every file of the layout
 * is there.
 */
final class OfficialFolder {

    private OfficialFolder() {
    }

    /**
     * @param files    file access
     * @param root     the staged source
     * @param folder   the official folder name, e.g. {@code cifar-10-batches-bin}
     * @param required the files the layout must hold
     * @param archive  the official archive's name, for the message
     */
    static Path locate(HadoopFiles files, Path root, String folder, List<String> required,
                       String archive) {
        Path nested = new Path(root, folder);
        Path base = files.exists(nested) ? nested : root;
        for (String file : required) {
            if (!files.exists(new Path(base, file))) {
                throw new IllegalArgumentException("the " + folder + " layout is incomplete: "
                        + file + " is missing from " + base + " (expected " + required + "); "
                        + "unpack " + archive + " again or set ingest.source to the archive");
            }
        }
        return base;
    }
}
