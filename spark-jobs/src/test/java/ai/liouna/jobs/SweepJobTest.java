package ai.liouna.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import ai.liouna.report.ResultRow;
import ai.liouna.report.ResultsCsv;
import ai.liouna.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sweeps Liouna's learning rate over two values on a tiny dataset, and checks sweep points. */
class SweepJobTest {

    @TempDir
    static Path directory;

    @Test
    void everyValueGetsItsRowsAndReachesItsRun() throws Exception {
        Path shards = directory.resolve("shards");
        TestShards.write(SparkTestSession.get(), shards, 16, 64, 40, 3);
        Path output = directory.resolve("sweep");
        List<String> args = new ArrayList<>(ExperimentJobTest.common(output, shards));
        args.addAll(List.of("pretrain.epochs=1", "sweep.key=pretrain.learningRate",
                "sweep.values=[0.05, 2.5]"));

        LocalSpark.run("sweep", args.toArray(String[]::new));

        Path csv = output.resolve(ResultsCsv.FILE_NAME);
        List<ResultRow> rows = ResultsCsv.parse(Files.readString(csv), csv.toString());
        assertEquals(4, rows.size(), "2 values of 2 blocks");
        assertEquals(Set.of("liouna (learningRate=0.05)", "liouna (learningRate=2.5)"),
                rows.stream().map(ResultRow::algorithm).collect(Collectors.toSet()));
        Set<String> runs = rows.stream().map(ResultRow::run)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("learningRate-0.05-liouna-ours-bars-seed42",
                "learningRate-2.5-liouna-ours-bars-seed42")), runs);
        for (String run : runs) {
            JsonNode pretrain = Json.mapper().readTree(output.resolve(run)
                    .resolve("pretrain/summary.json").toFile());
            double rate = pretrain.path("config").path("pretrain").path("learningRate")
                    .asDouble();
            assertEquals(run.startsWith("learningRate-0.05") ? 0.05 : 2.5, rate, 1e-12, run);
        }
        String markdown = Files.readString(output.resolve(ResultsCsv.MARKDOWN_FILE_NAME));
        assertTrue(markdown.contains("| liouna (learningRate=2.5) | ours | 1 |"), markdown);
    }

    @Test
    void pointsSetSeveralKeysTogether() {
        Settings settings = Settings.defaults("sweep.points=[[\"pretrain.maskRatio.max=0.6\","
                + " \"pretrain.maskRatio.min=0.6\"], [\"pretrain.maskRatio.max=0.9\","
                + " \"pretrain.maskRatio.min=0.2\"]]", "experiment.seeds=[1,2]");

        List<ExperimentCell> cells = ExperimentPlan.cells(settings, SweepJob.points(settings));

        assertEquals(4, cells.size());
        ExperimentCell last = cells.get(3);
        assertEquals("maskRatio.max=0.9, maskRatio.min=0.2", last.point());
        assertEquals(0.9, last.settings().getDouble("pretrain.maskRatio.max"), 1e-12);
        assertEquals(0.2, last.settings().getDouble("pretrain.maskRatio.min"), 1e-12);
        assertEquals(2, last.settings().getLong("run.seed"));
        assertEquals("maskRatio.max-0.9_maskRatio.min-0.2-liouna-ours-cifar10-seed2",
                last.name());
    }

    @Test
    void aSweepNeedsAKeyWithValuesOrPoints() {
        SettingsException error = assertThrows(SettingsException.class,
                () -> SweepJob.points(Settings.defaults("sweep.key=pretrain.learningRate")));
        assertTrue(error.getMessage().contains("sweep.values"), error.getMessage());

        SettingsException badKey = assertThrows(SettingsException.class,
                () -> ExperimentPlan.cells(Settings.defaults("sweep.key=pretrain.learningRat",
                        "sweep.values=[0.1]"), SweepJob.points(Settings.defaults(
                        "sweep.key=pretrain.learningRat", "sweep.values=[0.1]"))));
        assertTrue(badKey.getMessage().contains("learningRat"), badKey.getMessage());
    }
}
