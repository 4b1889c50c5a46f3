package ai.liouna.jobs;

import ai.liouna.config.Settings;
import org.apache.hadoop.fs.Path;

/**
 * One run of an experiment grid.
 *
 * @param name      the run's name and the name of its directory
 * @param algorithm how the cell is trained and read out
 * @param design    the block design ({@code model.design})
 * @param dataset   the dataset's name in {@code experiment.datasets}
 * @param seed      {@code run.seed}
 * @param point     the sweep point, e.g. {@code learningRate=0.01}; empty outside a sweep
 * @param settings  the cell's resolved configuration; its {@code run.output} is the directory
 */
record ExperimentCell(String name, GridAlgorithm algorithm, String design, String dataset,
                      long seed, String point, Settings settings) {

    /** The cell's run directory: pretrain/, probe/ and the like inside. */
    Path directory() {
        return new Path(settings.getString("run.output"));
    }

    /** The algorithm column of results.csv: the algorithm, with the sweep point if any. */
    String algorithmLabel() {
        return point.isEmpty() ? algorithm.name() : algorithm.name() + " (" + point + ")";
    }
}
