package ai.liouna.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import ai.liouna.config.Settings;
import ai.liouna.report.ResultRow;
import ai.liouna.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.fs.Path;

/**
 * What a cell of an experiment left in its directory: whether each step's summary is complete
 * and was made with the cell's configuration, and the cell's rows of results.csv.
 */
final class CellOutputs {

    /** Sections that do not change a run's numbers, left out when configurations are compared. */
    private static final List<String> INCIDENTAL = List.of("spark", "compute", "report", "demo",
            "experiment", "sweep", "s3", "ingest", "faults");

    private CellOutputs() {
    }

    /** {@code <cell>/<command>/summary.json}. */
    static Path summaryPath(ExperimentCell cell, String command) {
        return new Path(new Path(cell.directory(), command), JobContext.SUMMARY_FILE);
    }

    /**
     * The summary if it is whole JSON with its metrics and finish time, else null: a file cut
     * short, or one that no longer matches its Hadoop checksum, counts as missing.
     */
    static JsonNode completeSummary(HadoopFiles files, Path path) {
        if (!files.exists(path)) {
            return null;
        }
        try {
            JsonNode summary = Json.mapper().readTree(files.readText(path));
            return summary != null && summary.has("finishedAt") && summary.has("metrics")
                    && summary.has("config") ? summary : null;
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    /** Whether {@code summary} was written with {@code settings}, incidental keys aside. */
    static boolean sameConfiguration(JsonNode summary, Settings settings) {
        return comparable(summary.get("config")).equals(comparable(readTree(
                settings.renderJson())));
    }

    private static JsonNode comparable(JsonNode config) {
        ObjectNode copy = config.deepCopy();
        INCIDENTAL.forEach(copy::remove);
        if (copy.get("run") instanceof ObjectNode run) {
            // Where the cell lives is not what it computes: a moved experiment resumes.
            run.remove(List.of("overwrite", "output"));
        }
        return copy;
    }

    /** The cell's rows: one per block for a probe, the last block for a supervised run. */
    static List<ResultRow> rows(HadoopFiles files, ExperimentCell cell) {
        double seconds = 0;
        for (GridAlgorithm.Step step : cell.algorithm().steps()) {
            seconds += summary(files, cell, step.command()).path("wallSeconds").asDouble(0);
        }
        return switch (cell.algorithm().readout()) {
            case PROBE -> probeRows(summary(files, cell, "probe"), cell, seconds);
            case SUPERVISED -> List.of(row(cell, cell.settings().getIntList("model.channels")
                    .size(), accuracy(summary(files, cell, "supervised").path("metrics")
                    .path("test_top1")), Double.NaN, seconds));
        };
    }

    private static List<ResultRow> probeRows(JsonNode summary, ExperimentCell cell,
                                             double seconds) {
        List<ResultRow> rows = new ArrayList<>();
        for (JsonNode block : summary.path("metrics").path("blocks")) {
            double probed = accuracy(block.path("trained").path("test_top1"));
            double random = accuracy(block.path("random").path("test_top1"));
            rows.add(cell.algorithm().trains()
                    ? row(cell, block.path("block").asInt(), probed, random, seconds)
                    : row(cell, block.path("block").asInt(), Double.NaN, probed, seconds));
        }
        return rows;
    }

    private static ResultRow row(ExperimentCell cell, int block, double trained, double random,
                                 double seconds) {
        return new ResultRow(cell.name(), cell.algorithmLabel(), cell.design(), cell.dataset(),
                cell.seed(), block, trained, random, seconds);
    }

    private static double accuracy(JsonNode value) {
        return value.isNumber() ? value.asDouble() : Double.NaN;
    }

    private static JsonNode summary(HadoopFiles files, ExperimentCell cell, String command) {
        JsonNode summary = completeSummary(files, summaryPath(cell, command));
        if (summary == null) {
            throw new IllegalStateException("cell " + cell.name() + " has no complete "
                    + summaryPath(cell, command) + " although its steps ran; re-run the"
                    + " experiment to redo the cell");
        }
        return summary;
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("rendered config is not JSON", e);
        }
    }
}
