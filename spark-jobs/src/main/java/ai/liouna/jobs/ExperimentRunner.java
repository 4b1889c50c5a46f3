package ai.liouna.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import ai.liouna.data.Manifest;
import ai.liouna.report.ResultRow;
import ai.liouna.report.ResultsCsv;
import ai.liouna.report.ResultsMarkdown;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cells of an experiment or sweep one after the other on the context's Spark
 * session, reusing every step whose summary is complete, then writes {@code results.csv} and
 * {@code results.md} into {@code run.output} and the experiment's own summary (every cell,
 * whether it ran or was reused, and its wall time).
 */
final class ExperimentRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

    private final JobContext context;
    private final HadoopFiles files;
    private final boolean overwrite;

    ExperimentRunner(JobContext context) {
        this.context = context;
        this.files = context.files();
        this.overwrite = context.settings().getBoolean("run.overwrite");
    }

    /** Runs or reuses every cell and writes the results; returns the rows written. */
    List<ResultRow> run(List<ExperimentCell> cells) throws Exception {
        checkReusable(cells);
        checkDatasets(cells);
        files.mkdirs(context.outputDirectory());
        List<ResultRow> rows = new ArrayList<>();
        List<Map<String, Object>> record = new ArrayList<>();
        for (int index = 0; index < cells.size(); index++) {
            ExperimentCell cell = cells.get(index);
            context.describe("cell " + (index + 1) + " of " + cells.size() + ": " + cell.name());
            Instant start = Instant.now();
            List<String> ran = runCell(cell, index, cells.size());
            List<ResultRow> cellRows = CellOutputs.rows(files, cell);
            rows.addAll(cellRows);
            record.add(cellRecord(cell, ran, cellRows, Duration.between(start, Instant.now())));
        }
        writeResults(rows);
        context.summary().metric("cells", record);
        context.summary().metric("results", new Path(runOutput(), ResultsCsv.FILE_NAME)
                .toString());
        context.writeSummary();
        return rows;
    }

    /** The steps that ran; a step after one that ran always runs, as it reads its output. */
    private List<String> runCell(ExperimentCell cell, int index, int count) throws Exception {
        List<String> ran = new ArrayList<>();
        boolean redo = overwrite;
        for (GridAlgorithm.Step step : cell.algorithm().steps()) {
            Path summary = CellOutputs.summaryPath(cell, step.command());
            if (!redo && CellOutputs.completeSummary(files, summary) != null) {
                LOG.info("{}: cell {}/{} {}: {} is complete, reused", context.command(),
                        index + 1, count, cell.name(), step.command());
                continue;
            }
            redo = true;
            LOG.info("{}: cell {}/{} {}: {}", context.command(), index + 1, count, cell.name(),
                    step.command());
            Settings settings = cell.settings().with("run.overwrite=true");
            context.timed(cell.name() + " " + step.command(), () -> {
                step.work().run(settings, context.spark());
                return null;
            });
            ran.add(step.command());
        }
        return ran;
    }

    /**
     * Fails before any work if a finished step was made with another configuration than the
     * cell's now: reusing it would mix two experiments in one table.
     */
    private void checkReusable(List<ExperimentCell> cells) {
        if (overwrite) {
            return;
        }
        for (ExperimentCell cell : cells) {
            for (GridAlgorithm.Step step : cell.algorithm().steps()) {
                Path path = CellOutputs.summaryPath(cell, step.command());
                JsonNode summary = CellOutputs.completeSummary(files, path);
                if (summary != null && !CellOutputs.sameConfiguration(summary, cell.settings())) {
                    throw new SettingsException(path + " was written with another"
                            + " configuration than cell " + cell.name() + " has now; set"
                            + " run.overwrite=true to redo every cell, or choose another"
                            + " run.output");
                }
            }
        }
    }

    /** Ingest is a prerequisite: every dataset a cell reads must have its manifest. */
    private void checkDatasets(List<ExperimentCell> cells) {
        Set<String> checked = new LinkedHashSet<>();
        for (ExperimentCell cell : cells) {
            String shards = cell.settings().getString("data.shards");
            if (checked.add(shards) && !files.exists(new Path(shards, Manifest.FILE_NAME))) {
                throw new SettingsException("dataset '" + cell.dataset() + "' has no shards at "
                        + shards + " (" + Manifest.FILE_NAME + " is missing): ingest it first,"
                        + " e.g. liouna ingest data.shards=" + shards + " ingest.format=... "
                        + "ingest.source=..., or set experiment.shards." + cell.dataset());
            }
        }
    }

    private void writeResults(List<ResultRow> rows) {
        Path output = runOutput();
        String markdown = ResultsMarkdown.format(title(), rows);
        files.writeText(new Path(output, ResultsCsv.FILE_NAME), ResultsCsv.format(rows));
        files.writeText(new Path(output, ResultsCsv.MARKDOWN_FILE_NAME), markdown);
        LOG.info("{}: {} rows written to {} and {}\n{}", context.command(), rows.size(),
                new Path(output, ResultsCsv.FILE_NAME), ResultsCsv.MARKDOWN_FILE_NAME, markdown);
    }

    private String title() {
        String name = context.settings().getString("experiment.name");
        return name.isBlank() ? context.command() + " " + runOutput().getName() : name;
    }

    private Path runOutput() {
        return new Path(context.settings().getString("run.output"));
    }

    private static Map<String, Object> cellRecord(ExperimentCell cell, List<String> ran,
                                                  List<ResultRow> rows, Duration elapsed) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", cell.name());
        entry.put("algorithm", cell.algorithmLabel());
        entry.put("design", cell.design());
        entry.put("dataset", cell.dataset());
        entry.put("seed", cell.seed());
        entry.put("directory", cell.directory().toString());
        entry.put("ran", ran);
        entry.put("reused", ran.isEmpty());
        entry.put("cellSeconds", rows.isEmpty() ? null : rows.get(0).seconds());
        entry.put("secondsThisRun", elapsed.toMillis() / 1e3);
        return entry;
    }
}
