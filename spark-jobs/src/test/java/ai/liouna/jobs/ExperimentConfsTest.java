package ai.liouna.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import ai.liouna.config.Settings;
import org.junit.jupiter.api.Test;

/**
 * Every experiment file in conf/experiments parses, has only keys of reference.conf, and
 * builds its whole grid (which checks every cell's overrides). Algorithms this build lacks
 * are left out of the grid for the check, and may only be those of the registry.
 */
class ExperimentConfsTest {

    static final Path FOLDER = Path.of("..", "conf", "experiments");

    static List<Path> files() throws Exception {
        try (Stream<Path> files = Files.list(FOLDER)) {
            return files.filter(path -> path.toString().endsWith(".conf")).sorted().toList();
        }
    }

    @Test
    void everyExperimentFileBuildsItsGrid() throws Exception {
        List<Path> files = files();
        assertEquals(12, files.size(), "tables 1-3 small and full, four sweeps: " + files);
        for (Path file : files) {
            Settings settings = Settings.load(file.toFile(), List.of());
            boolean sweep = file.getFileName().toString().startsWith("sweep-");
            List<ExperimentPlan.Point> points = sweep ? SweepJob.points(settings)
                    : List.of(ExperimentPlan.Point.NONE);

            List<ExperimentCell> cells = ExperimentPlan.cells(settings, points);

            assertFalse(cells.isEmpty(), file.toString());
            String dataset = settings.getStringList("experiment.datasets").get(0);
            assertEquals(settings.getString("data.shards"), settings.getString(
                    "experiment.shards." + dataset), file + ": ingest writes what cells read");
            assertTrue(!sweep || points.size() >= 4, file + " sweeps at least 4 values");
            assertFalse(settings.getString("experiment.name").isBlank(), file.toString());
            for (ExperimentCell cell : cells) {
                assertTrue(cell.directory().toString().startsWith(
                        settings.getString("run.output")), cell.name());
            }
        }
    }

    @Test
    void smallAndFullBudgetsRunTheSameGrid() throws Exception {
        for (String table : List.of("table1-cifar10", "table1-cifar100", "table2-imagenette",
                "table3-stl10")) {
            Settings small = Settings.load(FOLDER.resolve(table + "-small.conf").toFile(),
                    List.of());
            Settings full = Settings.load(FOLDER.resolve(table + "-full.conf").toFile(),
                    List.of());
            assertEquals(50, full.getInt("pretrain.epochs"), table);
            assertEquals(0, full.getInt("pretrain.maxImages"), table);
            assertTrue(small.getInt("pretrain.maxImages") > 0, table);
            assertEquals(full.getStringList("experiment.algorithms"),
                    small.getStringList("experiment.algorithms"), table);
            assertEquals(full.getStringList("experiment.designs"),
                    small.getStringList("experiment.designs"), table);
            assertEquals(full.getIntList("model.channels"), small.getIntList("model.channels"));
            assertEquals(full.getString("data.shards"), small.getString("data.shards"), table);
        }
    }
}
