package ai.liouna.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The linear readout part of a report: per-block test top-1 of the trained and random-init
 * backbones as tables and as the paper's Figure 1. For one run the table carries the probe's
 * details per block; for an experiment it is aggregated over seeds, as in the paper's tables.
 */
final class ReadoutSection {

    /** The name a single run's rows carry. */
    static final String RUN_NAME = "this run";

    private ReadoutSection() {
    }

    static void add(HtmlPage page, ReportInputs inputs, ChartSize size, List<Figure> figures) {
        List<ResultRow> rows = inputs.readoutRows(RUN_NAME);
        if (rows.isEmpty()) {
            return;
        }
        page.heading(2, "Linear readout per block");
        page.paragraph("Test top-1 of a linear classifier trained on each block's frozen,"
                + " pooled features. The gain over the random initialisation of the same"
                + " network is what pretraining contributed.");
        List<ReadoutSeries> series = ReadoutSeries.aggregate(rows);
        if (inputs.isExperiment()) {
            experimentTables(page, series, rows);
        } else {
            runTable(page, inputs.probeSummary());
        }
        for (Map.Entry<String, List<ReadoutSeries>> dataset : byDataset(series).entrySet()) {
            String name = dataset.getKey();
            Figure figure = new Figure("readout-" + fileSafe(name) + ".png",
                    "Depth-wise linear readout on " + name + ": trained (solid) and random"
                            + " initialisation (dashed)" + (inputs.isExperiment()
                            ? "; error bars are one standard deviation over seeds." : "."),
                    Charts.png(ReadoutChart.create("Depth-wise linear readout, " + name,
                            dataset.getValue(), false, size)));
            figures.add(figure);
            page.figure(figure);
        }
    }

    /** The probe's per-block details for a single run. */
    private static void runTable(HtmlPage page, JsonNode probeSummary) {
        List<List<String>> table = new ArrayList<>();
        for (JsonNode block : probeSummary.path("metrics").path("blocks")) {
            JsonNode trained = block.path("trained");
            JsonNode random = block.path("random");
            double gain = value(trained, "test_top1") - value(random, "test_top1");
            table.add(List.of(block.path("block").asText(), block.path("channels").asText(),
                    block.path("features").asText(),
                    ReportFormat.percent(value(trained, "test_top1")),
                    ReportFormat.percent(value(random, "test_top1")), ReportFormat.points(gain),
                    ReportFormat.percent(value(trained, "val_top1")),
                    trained.path("best_epoch").asText() + " / "
                            + trained.path("epochs_run").asText()));
        }
        page.table(List.of("block", "channels", "features", "trained", "random init",
                "gain (points)", "trained, validation", "best epoch / run"), table);
        JsonNode metrics = probeSummary.path("metrics");
        page.note("Readout trained on " + metrics.path("trainImages").asText() + " images and"
                + " tested on " + metrics.path("testImages").asText() + " ("
                + metrics.path("classes").asText() + " classes); weights "
                + metrics.path("weights").asText() + ".");
    }

    private static void experimentTables(HtmlPage page, List<ReadoutSeries> series,
                                         List<ResultRow> rows) {
        List<ReadoutSeries> ordered = series.stream().sorted(ReadoutSeries.tableOrder())
                .toList();
        page.heading(3, "Last block");
        page.table(List.of("dataset", "algorithm", "design", "seeds", "random init",
                "trained", "gain (points)", "best block"), lastBlockRows(ordered));
        page.heading(3, "Every block (trained / random init)");
        int depth = ordered.stream().mapToInt(ReadoutSeries::depth).max().orElse(0);
        List<String> header = new ArrayList<>(List.of("dataset", "algorithm", "design"));
        for (int block = 1; block <= depth; block++) {
            header.add("block " + block);
        }
        page.table(header, everyBlockRows(ordered, depth));
        page.heading(3, "Runs");
        page.table(List.of("run", "algorithm", "design", "dataset", "seed", "last block trained",
                "last block random", "seconds"), runRows(rows));
    }

    private static List<List<String>> lastBlockRows(List<ReadoutSeries> series) {
        List<List<String>> table = new ArrayList<>();
        for (ReadoutSeries s : series) {
            int last = s.depth() - 1;
            int best = s.bestBlock();
            table.add(List.of(s.key().dataset(), s.key().algorithm(), s.key().design(),
                    Integer.toString(s.seeds()),
                    ReportFormat.percent(s.randomMean()[last], s.randomSd()[last]),
                    ReportFormat.percent(s.trainedMean()[last], s.trainedSd()[last]),
                    ReportFormat.points(s.trainedMean()[last] - s.randomMean()[last]),
                    best == 0 ? ReportFormat.MISSING : best + " ("
                            + ReportFormat.percent(s.trainedMean()[best - 1]) + ")"));
        }
        return table;
    }

    private static List<List<String>> everyBlockRows(List<ReadoutSeries> series, int depth) {
        List<List<String>> table = new ArrayList<>();
        for (ReadoutSeries s : series) {
            List<String> row = new ArrayList<>(List.of(s.key().dataset(), s.key().algorithm(),
                    s.key().design()));
            for (int block = 0; block < depth; block++) {
                row.add(block >= s.depth() ? ReportFormat.MISSING
                        : ReportFormat.percent(s.trainedMean()[block]) + " / "
                        + ReportFormat.percent(s.randomMean()[block]));
            }
            table.add(row);
        }
        return table;
    }

    /** One line per run: its last block. */
    private static List<List<String>> runRows(List<ResultRow> rows) {
        Map<String, ResultRow> last = new LinkedHashMap<>();
        for (ResultRow row : rows) {
            String key = row.run() + "#" + row.seed() + "#" + row.dataset();
            ResultRow seen = last.get(key);
            if (seen == null || row.block() > seen.block()) {
                last.put(key, row);
            }
        }
        List<List<String>> table = new ArrayList<>();
        for (ResultRow row : last.values()) {
            table.add(List.of(row.run(), row.algorithm(), row.design(), row.dataset(),
                    Long.toString(row.seed()), ReportFormat.percent(row.trainedTop1()),
                    ReportFormat.percent(row.randomTop1()), ReportFormat.number(row.seconds(),
                            1)));
        }
        return table;
    }

    private static Map<String, List<ReadoutSeries>> byDataset(List<ReadoutSeries> series) {
        Map<String, List<ReadoutSeries>> groups = new LinkedHashMap<>();
        series.forEach(s -> groups.computeIfAbsent(s.key().dataset(), d -> new ArrayList<>())
                .add(s));
        return groups;
    }

    private static double value(JsonNode variant, String field) {
        JsonNode value = variant.path(field);
        return value.isNumber() ? value.asDouble() : Double.NaN;
    }

    static String fileSafe(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]+", "-");
        return safe.isEmpty() ? "unnamed" : safe;
    }
}
