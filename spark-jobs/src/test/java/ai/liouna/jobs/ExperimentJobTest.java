package ai.liouna.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import ai.liouna.config.SettingsException;
import ai.liouna.report.ResultRow;
import ai.liouna.report.ResultsCsv;
import ai.liouna.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a two-by-two experiment (Liouna and the untrained network with SoftHebb's init, two
 * seeds each) on Spark's local mode over a tiny two-class dataset, then re-runs it.
 */
class ExperimentJobTest {

    private static final List<String> CELLS = List.of("liouna-pnb-bars-seed5",
            "liouna-pnb-bars-seed6", "random-softhebb-pnb-bars-seed5",
            "random-softhebb-pnb-bars-seed6");

    @TempDir
    static Path directory;
    static Path shards;
    static Path experiment;

    /** A tiny network and short probes, on the test dataset named "bars". */
    static List<String> common(Path output, Path shards) {
        return List.of("experiment.shards.bars=\"" + shards + "\"", "experiment.datasets=[bars]",
                "run.output=\"" + output + "\"", "model.channels=[8,16]",
                "model.kernelSizes=[5,3]", "pretrain.batchSize=32", "pretrain.chunkSize=16",
                "pretrain.partitions=2", "probe.epochs=4", "probe.patience=2",
                "probe.batchSize=32", "probe.learningRate=0.01", "probe.chunkSize=20");
    }

    static String[] grid(Path output, String... more) {
        List<String> args = new ArrayList<>(common(output, shards));
        args.addAll(List.of("experiment.algorithms=[liouna,random-softhebb]",
                "experiment.designs=[pnb]", "experiment.seeds=[5,6]",
                "experiment.overrides.liouna-pnb.pretrain.batchSize=16"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @BeforeAll
    static void runGrid() throws Exception {
        shards = directory.resolve("shards");
        TestShards.write(SparkTestSession.get(), shards, 16, 64, 40, 3);
        experiment = directory.resolve("grid");
        LocalSpark.run("experiment", grid(experiment));
    }

    private static JsonNode json(Path path) throws Exception {
        return Json.mapper().readTree(path.toFile());
    }

    private static List<ResultRow> results() throws Exception {
        Path csv = experiment.resolve(ResultsCsv.FILE_NAME);
        return ResultsCsv.parse(Files.readString(csv), csv.toString());
    }

    @Test
    void everyCellRunsInItsOwnDirectoryAndGivesOneRowPerBlock() throws Exception {
        List<ResultRow> rows = results();

        assertEquals(8, rows.size(), "4 cells of 2 blocks");
        assertEquals(new TreeSet<>(CELLS), rows.stream().map(ResultRow::run)
                .collect(Collectors.toCollection(TreeSet::new)));
        for (ResultRow row : rows) {
            assertEquals("pnb", row.design());
            assertEquals("bars", row.dataset());
            assertTrue(row.seconds() > 0, "wall time of the cell");
            boolean trained = row.algorithm().equals("liouna");
            assertEquals(trained, Double.isFinite(row.trainedTop1()), row.toString());
            assertTrue(Double.isFinite(row.randomTop1()), "liouna's baseline or the random net");
            JsonNode probe = json(experiment.resolve(row.run()).resolve("probe/summary.json"));
            JsonNode block = probe.path("metrics").path("blocks").get(row.block() - 1);
            // The untrained network is the one probed, so its readout is a random-init one.
            assertEquals(block.path("trained").path("test_top1").asDouble(),
                    trained ? row.trainedTop1() : row.randomTop1(), 1e-12);
            if (trained) {
                assertEquals(block.path("random").path("test_top1").asDouble(),
                        row.randomTop1(), 1e-12);
            }
            assertEquals(row.seed(), probe.path("config").path("run").path("seed").asLong());
        }
        JsonNode pretrain = json(experiment.resolve("liouna-pnb-bars-seed5/pretrain/summary.json"));
        assertEquals(16, pretrain.path("config").path("pretrain").path("batchSize").asInt(),
                "the liouna-pnb override reached the cell");
        assertEquals("liouna", pretrain.path("config").path("pretrain").path("algorithm")
                .asText());
        JsonNode random = json(experiment.resolve(
                "random-softhebb-pnb-bars-seed5/pretrain/summary.json"));
        assertEquals("softhebb", random.path("config").path("model").path("init").asText());
        assertEquals("none", random.path("config").path("pretrain").path("algorithm").asText());
        assertEquals(0, random.path("metrics").path("steps").asInt(), "nothing trained");
        assertEquals(32, random.path("config").path("pretrain").path("batchSize").asInt());
    }

    @Test
    void resultsMarkdownHoldsTheMeanAndDeviationOverSeeds() throws Exception {
        List<Double> lastBlock = new ArrayList<>();
        for (String cell : List.of("liouna-pnb-bars-seed5", "liouna-pnb-bars-seed6")) {
            JsonNode probe = json(experiment.resolve(cell).resolve("probe/summary.json"));
            lastBlock.add(probe.path("metrics").path("blocks").get(1).path("trained")
                    .path("test_top1").asDouble());
        }
        double mean = (lastBlock.get(0) + lastBlock.get(1)) / 2;
        double sd = Math.abs(lastBlock.get(0) - lastBlock.get(1)) / Math.sqrt(2);

        String markdown = Files.readString(experiment.resolve(ResultsCsv.MARKDOWN_FILE_NAME));

        String line = markdown.lines().filter(text -> text.startsWith("| liouna | pnb |"))
                .findFirst().orElseThrow(() -> new AssertionError(markdown));
        String expected = String.format(Locale.ROOT, "%.2f ± %.2f%%", 100 * mean, 100 * sd);
        assertTrue(line.startsWith("| liouna | pnb | 2 |"), line);
        assertEquals(expected, line.split("\\|")[5].trim(), line);
        assertTrue(markdown.contains("| random-softhebb | pnb | 2 |"), markdown);
    }

    @Test
    void aRerunReusesFinishedCellsAndRedoesInterruptedOnes() throws Exception {
        Map<Path, FileTime> before = summaryTimes(experiment);
        assertEquals(8, before.size(), "pretrain and probe of four cells");

        LocalSpark.run("experiment", grid(experiment));
        assertEquals(before, summaryTimes(experiment), "nothing ran again");
        for (JsonNode cell : json(experiment.resolve("experiment/summary.json"))
                .path("metrics").path("cells")) {
            assertTrue(cell.path("reused").asBoolean(), cell.toString());
        }

        Path pretrainOfSeed5 = experiment.resolve("liouna-pnb-bars-seed5/pretrain/summary.json");
        Path probeOfSeed5 = experiment.resolve("liouna-pnb-bars-seed5/probe/summary.json");
        Path pretrainOfSeed6 = experiment.resolve("liouna-pnb-bars-seed6/pretrain/summary.json");
        Path probeOfSeed6 = experiment.resolve("liouna-pnb-bars-seed6/probe/summary.json");
        Files.delete(probeOfSeed5);
        Files.writeString(pretrainOfSeed6, "{\"command\": \"pretrain\", \"codeVer");
        LocalSpark.run("experiment", grid(experiment));

        Map<Path, FileTime> after = summaryTimes(experiment);
        assertEquals(before.get(pretrainOfSeed5), after.get(pretrainOfSeed5),
                "a finished pretrain is kept");
        assertTrue(Files.exists(probeOfSeed5), "the interrupted probe ran again");
        assertNotEquals(before.get(pretrainOfSeed6), after.get(pretrainOfSeed6));
        assertNotEquals(before.get(probeOfSeed6), after.get(probeOfSeed6),
                "a probe after a redone pretrain is redone");
        Map<String, List<String>> ran = new HashMap<>();
        for (JsonNode cell : json(experiment.resolve("experiment/summary.json"))
                .path("metrics").path("cells")) {
            List<String> steps = new ArrayList<>();
            cell.path("ran").forEach(step -> steps.add(step.asText()));
            if (!steps.isEmpty()) {
                ran.put(cell.path("name").asText(), steps);
            }
        }
        assertEquals(Map.of("liouna-pnb-bars-seed5", List.of("probe"),
                "liouna-pnb-bars-seed6", List.of("pretrain", "probe")), ran);
        assertEquals(8, results().size());
    }

    private static Map<Path, FileTime> summaryTimes(Path root) throws Exception {
        Map<Path, FileTime> times = new HashMap<>();
        try (var paths = Files.walk(root)) {
            for (Path path : paths.filter(path -> path.getFileName().toString()
                    .equals("summary.json")).toList()) {
                if (!path.getParent().getFileName().toString().equals("experiment")) {
                    times.put(path, Files.getLastModifiedTime(path));
                }
            }
        }
        return times;
    }

    @Test
    void theReportCommandDrawsTheExperiment() throws Exception {
        LocalSpark.run("report", "run.output=\"" + experiment + "\"");

        String html = Files.readString(experiment.resolve("report/report.html"));
        assertTrue(html.contains("liouna-pnb-bars-seed6"), "the runs table");
        assertTrue(html.contains("| random-softhebb | pnb | 2 |"), "results.md");
    }

    @Test
    void aFinishedCellWithAnotherConfigurationIsNotReused() {
        SettingsException error = assertThrows(SettingsException.class,
                () -> LocalSpark.run("experiment", grid(experiment, "probe.epochs=3")));

        assertTrue(error.getMessage().contains("another configuration"), error.getMessage());
        assertTrue(error.getMessage().contains("run.overwrite=true"), error.getMessage());
    }

    @Test
    void backpropCellsTrainFromScratchAndFineTuneTheCellsPretrainedBackbone() throws Exception {
        Path output = directory.resolve("backprop");
        LocalSpark.run("experiment", grid(output,
                "experiment.algorithms=[supervised,liouna-finetune]", "experiment.seeds=[5]",
                "supervised.epochs=2", "supervised.batchSize=32", "supervised.chunkSize=16",
                "supervised.partitions=2", "supervised.maxTrainImages=48"));
        Path csv = output.resolve(ResultsCsv.FILE_NAME);
        List<ResultRow> rows = ResultsCsv.parse(Files.readString(csv), csv.toString());

        assertEquals(List.of("liouna-finetune-pnb-bars-seed5", "supervised-pnb-bars-seed5"),
                rows.stream().map(ResultRow::run).sorted().toList(), "one row per cell");
        for (ResultRow row : rows) {
            assertEquals(2, row.block(), "the whole network's readout sits at the last block");
            JsonNode summary = json(output.resolve(row.run()).resolve("supervised/summary.json"));
            assertEquals(summary.path("metrics").path("test_top1").asDouble(),
                    row.trainedTop1(), 1e-12);
            assertEquals(48 - summary.path("metrics").path("val_images").asInt(),
                    summary.path("metrics").path("fit_images").asInt(),
                    "supervised.maxTrainImages caps the images fitted and held out");
        }
        Path fineTuned = output.resolve("liouna-finetune-pnb-bars-seed5");
        assertEquals("pretrained", json(fineTuned.resolve("supervised/summary.json"))
                .path("metrics").path("init").asText());
        assertTrue(Files.exists(fineTuned.resolve("pretrain/backbone.zip")),
                "the fine-tuned cell pretrains with Liouna first");
        assertFalse(Files.exists(output.resolve("supervised-pnb-bars-seed5/pretrain")),
                "the scratch baseline pretrains nothing");
    }

    @Test
    void overridesMustNameACellAndDatasetsAShardDirectory() {
        SettingsException typo = assertThrows(SettingsException.class,
                () -> LocalSpark.run("experiment", grid(directory.resolve("typo"),
                        "experiment.overrides.softheb-pnb.pretrain.batchSize=8")));
        assertTrue(typo.getMessage().contains("softheb-pnb names no cell"), typo.getMessage());

        SettingsException badKey = assertThrows(SettingsException.class,
                () -> LocalSpark.run("experiment", grid(directory.resolve("key"),
                        "experiment.overrides.liouna.pretrain.batchSise=8")));
        assertTrue(badKey.getMessage().contains("batchSise"), badKey.getMessage());

        SettingsException noShards = assertThrows(SettingsException.class,
                () -> LocalSpark.run("experiment", grid(directory.resolve("shards"),
                        "experiment.datasets=[cifar10]",
                        "experiment.shards.cifar10=\"" + directory.resolve("none") + "\"")));
        assertTrue(noShards.getMessage().contains("ingest it first"), noShards.getMessage());
    }
}
