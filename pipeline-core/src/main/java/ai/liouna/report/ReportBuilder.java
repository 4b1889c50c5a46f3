package ai.liouna.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Assembles a report from a run's or an experiment's outputs: provenance, linear readout,
 * pretraining curves, activation maps and timings, each section present only when its inputs
 * are.
 */
public final class ReportBuilder {

    /** Size of every chart. */
    private final ChartSize size;
    /** The version of the code writing the report, shown in its header. */
    private final String codeVersion;

    public ReportBuilder(ChartSize size, String codeVersion) {
        this.size = size;
        this.codeVersion = codeVersion;
    }

    /** The report of {@code inputs}, stamped with the current time. */
    public Report build(String title, ReportInputs inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to report in " + inputs.source()
                    + ": expected pretrain/summary.json, probe/summary.json or "
                    + ResultsCsv.FILE_NAME + " there");
        }
        HtmlPage page = new HtmlPage(title);
        List<Figure> figures = new ArrayList<>();
        ProvenanceSection.add(page, inputs, codeVersion, Instant.now().toString());
        ReadoutSection.add(page, inputs, size, figures);
        if (inputs.resultsMarkdown() != null) {
            page.folded(ResultsCsv.MARKDOWN_FILE_NAME + " as the experiment wrote it",
                    inputs.resultsMarkdown());
        }
        TrainingSection.add(page, inputs, size, figures);
        EmbeddingSection.add(page, inputs, size, figures);
        timings(page, inputs);
        return new Report(page.render(), List.copyOf(figures), metrics(inputs, figures));
    }

    private static void timings(HtmlPage page, ReportInputs inputs) {
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode summary : new JsonNode[] {inputs.pretrainSummary(),
            inputs.probeSummary()}) {
            if (summary == null) {
                continue;
            }
            String command = summary.path("command").asText();
            summary.path("timingsSeconds").fields().forEachRemaining(phase -> rows.add(List.of(
                    command, phase.getKey(), ReportFormat.number(phase.getValue().asDouble(),
                            2))));
        }
        if (!rows.isEmpty()) {
            page.heading(2, "Where the time went");
            page.table(List.of("job", "phase", "seconds"), rows);
        }
    }

    private static Map<String, Object> metrics(ReportInputs inputs, List<Figure> figures) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("source", inputs.source());
        metrics.put("kind", inputs.isExperiment() ? "experiment" : "run");
        metrics.put("figures", figures.stream().map(Figure::fileName).toList());
        List<Map<String, Object>> readout = new ArrayList<>();
        for (ReadoutSeries series : ReadoutSeries.aggregate(
                inputs.readoutRows(ReadoutSection.RUN_NAME))) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("algorithm", series.key().algorithm());
            entry.put("design", series.key().design());
            entry.put("dataset", series.key().dataset());
            entry.put("seeds", series.seeds());
            entry.put("lastBlockTrainedTop1", finiteOrNull(series.trainedMean()[
                    series.depth() - 1]));
            entry.put("lastBlockRandomTop1", finiteOrNull(series.randomMean()[
                    series.depth() - 1]));
            readout.add(entry);
        }
        metrics.put("readout", readout);
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Embedding embedding : inputs.embeddings()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("block", embedding.block());
            entry.put("images", embedding.size());
            entry.put("neighbourAgreement", finiteOrNull(NeighbourAgreement.of(embedding)));
            maps.add(entry);
        }
        metrics.put("embeddings", maps);
        return metrics;
    }

    /** JSON has no NaN. */
    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
