package ai.liouna.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import ai.liouna.report.ResultRow;
import ai.liouna.report.ResultsCsv;
import ai.liouna.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report command on a tiny real run and on an experiment's results table. */
class ReportJobTest {

    @TempDir
    Path directory;

    private static Set<String> files(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).collect(TreeSet::new, Set::add,
                            Set::addAll);
        }
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** Every src and href points inside the page; no stylesheets or scripts are fetched. */
    private static void assertSelfContained(String html) {
        Matcher references = Pattern.compile("(?i)(src|href)\\s*=\\s*[\"']([^\"']*)[\"']")
                .matcher(html);
        while (references.find()) {
            assertTrue(references.group(2).startsWith("data:image/png;base64,"),
                    "external reference " + references.group());
        }
        assertFalse(html.contains("<link"), "a linked stylesheet");
        assertFalse(html.contains("<script"), "a script");
        assertFalse(html.contains("http://") || html.contains("https://"), "a web address");
    }

    @Test
    void runReportHasTheReadoutTablesChartsAndActivationMaps() throws Exception {
        Path run = TinyRun.output();
        Path output = directory.resolve("copy");

        assertEquals(0, Main.run("report", "run.output=" + output, "report.input=" + run,
                "report.width=640", "report.height=400", "report.tsne=true",
                "report.embedding.images=50", "report.embedding.iterations=250",
                "report.embedding.perplexity=10", "report.embedding.featureGrid=1"));

        Path report = output.resolve("report");
        assertEquals(new TreeSet<>(List.of("embedding-block1.csv", "embedding-block2.csv",
                "readout-synthetic.png", "report.html", "summary.json", "training-loss.png",
                "training-neuron-norm.png", "training-throughput.png", "tsne-block1.png",
                "tsne-block2.png")), files(report));
        String html = Files.readString(report.resolve("report.html"));
        assertTrue(html.contains("<h2>Linear readout per block</h2>"));
        assertTrue(html.contains("<th>trained</th><th>random init</th>"), "readout table");
        assertTrue(html.contains("<th>dataset</th><td>synthetic (format test)</td>"),
                "the manifest in the header");
        assertTrue(html.contains("top, bottom"), "class names");
        assertTrue(html.contains("<h2>Hidden activations, t-SNE</h2>"));
        assertEquals(6, count(html, "src=\"data:image/png;base64,"), "every chart inline");
        assertSelfContained(html);

        for (String png : List.of("readout-synthetic.png", "tsne-block2.png")) {
            BufferedImage image = ImageIO.read(report.resolve(png).toFile());
            assertEquals(640, image.getWidth());
            assertEquals(400, image.getHeight());
        }
        List<String> coordinates = Files.readAllLines(report.resolve("embedding-block2.csv"));
        assertEquals("id,label,class,x,y", coordinates.get(0));
        assertEquals(51, coordinates.size(), "50 sampled test images");
        JsonNode summary = Json.mapper().readTree(report.resolve("summary.json").toFile());
        assertEquals("report", summary.get("command").asText());
        assertEquals("run", summary.get("metrics").get("kind").asText());
        assertEquals(2, summary.get("metrics").get("embeddings").size());
        assertEquals("synthetic", summary.get("manifest").get("dataset").asText());
    }

    @Test
    void theSampleIsTheSameImagesWhateverTheBackbone() throws Exception {
        ActivationSampler sampler = new ActivationSampler(SparkTestSession.get(),
                TinyRun.shards().toString());
        var backbone = sampler.loadBackbone(TinyRun.output().resolve("pretrain/backbone.zip")
                .toString());

        var first = sampler.sample(backbone, "test", 20, 1, 7, 5);
        var again = sampler.sample(backbone.copy(), "test", 20, 1, 16, 5);

        assertEquals(20, first.size());
        assertTrue(Arrays.equals(first.ids(), again.ids()));
        assertTrue(first.ids()[0] < first.ids()[19], "ordered by id");
        assertEquals(60, sampler.sample(backbone, "test", 1000, 1, 30, 5).size(),
                "a sample larger than the split is the whole split");
    }

    private static List<ResultRow> experimentRows() {
        List<ResultRow> rows = new ArrayList<>();
        for (String dataset : List.of("cifar10", "stl10")) {
            for (String design : List.of("ours", "pnb")) {
                for (long seed = 1; seed <= 2; seed++) {
                    for (int block = 1; block <= 3; block++) {
                        rows.add(new ResultRow(dataset + "-" + design + "-" + seed, "liouna",
                                design, dataset, seed, block, 0.5 + 0.05 * block + 0.01 * seed,
                                0.45 + 0.01 * block, 300));
                    }
                }
            }
        }
        return rows;
    }

    @Test
    void experimentReportAggregatesResultsOverSeeds() throws Exception {
        Path experiment = directory.resolve("experiment");
        Files.createDirectories(experiment);
        String csv = ResultsCsv.format(experimentRows()).replaceFirst("\n",
                ",note\n");
        Files.writeString(experiment.resolve(ResultsCsv.FILE_NAME), csv);
        Files.writeString(experiment.resolve(ResultsCsv.MARKDOWN_FILE_NAME),
                "| design | trained |\n|---|---|\n| ours | 66% |\n");

        assertEquals(0, Main.run("report", "run.output=" + experiment));

        Path report = experiment.resolve("report");
        assertEquals(new TreeSet<>(List.of("readout-cifar10.png", "readout-stl10.png",
                "report.html", "summary.json")), files(report));
        String html = Files.readString(report.resolve("report.html"));
        assertTrue(html.contains("<h3>Last block</h3>"));
        assertTrue(html.contains("<td class=\"number\">66.50 ± 0.71%</td>"),
                "mean and deviation over two seeds");
        assertTrue(html.contains("| ours | 66% |"), "results.md");
        assertTrue(html.contains("<td>stl10-pnb-2</td>"), "the runs table");
        assertFalse(html.contains("Pretraining"), "no pretrain outputs in an experiment");
        assertSelfContained(html);
    }

    @Test
    void aDirectoryWithoutOutputsSaysWhatItExpected() throws Exception {
        Path empty = directory.resolve("empty");
        Files.createDirectories(empty);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Main.run("report", "run.output=" + empty));

        assertTrue(error.getMessage().contains(empty.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("results.csv"), error.getMessage());
    }

    @Test
    void aMisspelledReportKeyListsTheValidOnes() {
        SettingsException error = assertThrows(SettingsException.class,
                () -> Settings.defaults("report.embedding.perplexty=5"));

        assertTrue(error.getMessage().contains("report.embedding.perplexity"),
                error.getMessage());
    }

    @Test
    void embeddedBlocksDefaultToTheFirstAndTheLast() {
        assertEquals(List.of(1, 6), ReportJob.blocks(Settings.defaults(), 6));
        assertEquals(List.of(2), ReportJob.blocks(Settings.defaults(
                "report.embedding.blocks=[2]"), 3));
        assertThrows(SettingsException.class, () -> ReportJob.blocks(Settings.defaults(
                "report.embedding.blocks=[4]"), 3));
    }

    @Test
    void reportIsALauncherCommand() {
        assertTrue(Main.commands().containsKey("report"));
    }
}
