package ai.liouna.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import ai.liouna.config.SettingsException;
import ai.liouna.report.ReportInputs;
import ai.liouna.report.ResultsCsv;
import ai.liouna.train.StepMetrics;
import ai.liouna.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.fs.Path;

/**
 * Reads what the jobs left in a directory: a run's {@code pretrain/} and {@code probe/}
 * outputs, an experiment's {@code results.csv} and {@code results.md}, or both. Every file is
 * optional; what is missing is simply absent from the report.
 */
final class RunOutputs {

    /** Where pretrain and probe write inside {@code run.output}. */
    static final String PRETRAIN_SUMMARY = "pretrain/" + JobContext.SUMMARY_FILE;
    static final String PRETRAIN_METRICS = "pretrain/" + PretrainJob.METRICS_FILE;
    static final String PROBE_SUMMARY = "probe/" + JobContext.SUMMARY_FILE;

    private RunOutputs() {
    }

    /** Everything a report can use under {@code directory}. */
    static ReportInputs read(HadoopFiles files, Path directory) {
        if (!files.exists(directory)) {
            throw new SettingsException("nothing to report: " + directory + " does not exist;"
                    + " set report.input (or run.output) to a run or experiment directory");
        }
        return new ReportInputs(directory.toString(),
                json(files, new Path(directory, PRETRAIN_SUMMARY)),
                steps(files, new Path(directory, PRETRAIN_METRICS)),
                json(files, new Path(directory, PROBE_SUMMARY)),
                results(files, new Path(directory, ResultsCsv.FILE_NAME)),
                text(files, new Path(directory, ResultsCsv.MARKDOWN_FILE_NAME)), List.of());
    }

    private static JsonNode json(HadoopFiles files, Path path) {
        String text = text(files, path);
        if (text == null) {
            return null;
        }
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(path + " is not valid JSON (" + e.getMessage()
                    + "); a job that was killed while writing leaves no such file, so it was"
                    + " edited or copied partially: re-run the job that writes it", e);
        }
    }

    /** One {@link StepMetrics} per non-empty line of a JSON-lines file. */
    private static List<StepMetrics> steps(HadoopFiles files, Path path) {
        String text = text(files, path);
        List<StepMetrics> steps = new ArrayList<>();
        if (text == null) {
            return steps;
        }
        String[] lines = text.split("\n");
        for (int line = 0; line < lines.length; line++) {
            if (!lines[line].isBlank()) {
                try {
                    steps.add(Json.mapper().readValue(lines[line], StepMetrics.class));
                } catch (IOException e) {
                    throw new IllegalArgumentException(path + " line " + (line + 1)
                            + " is not a step's metrics: " + e.getMessage(), e);
                }
            }
        }
        return steps;
    }

    private static List<ai.liouna.report.ResultRow> results(HadoopFiles files, Path path) {
        String text = text(files, path);
        return text == null ? List.of() : ResultsCsv.parse(text, path.toString());
    }

    private static String text(HadoopFiles files, Path path) {
        return files.exists(path) ? files.readText(path) : null;
    }
}
