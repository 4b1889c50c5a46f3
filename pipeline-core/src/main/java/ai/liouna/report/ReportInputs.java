package ai.liouna.report;

import java.util.List;

import ai.liouna.train.StepMetrics;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Everything a report is made from, as read from a run or experiment directory. Whatever a
 * directory lacks is null (summaries, markdown) or empty (lists); the report leaves out the
 * sections it cannot fill.
 *
 * @param source          the directory the inputs were read from, as the report names it
 * @param pretrainSummary {@code pretrain/summary.json}
 * @param steps           {@code pretrain/metrics.jsonl}, one entry per training step
 * @param probeSummary    {@code probe/summary.json}
 * @param results         the rows of an experiment's {@code results.csv}
 * @param resultsMarkdown the experiment's {@code results.md}
 * @param embeddings      t-SNE maps computed for this report
 */
public record ReportInputs(String source, JsonNode pretrainSummary, List<StepMetrics> steps,
                           JsonNode probeSummary, List<ResultRow> results,
                           String resultsMarkdown, List<Embedding> embeddings) {

    public ReportInputs {
        steps = steps == null ? List.of() : List.copyOf(steps);
        results = results == null ? List.of() : List.copyOf(results);
        embeddings = embeddings == null ? List.of() : List.copyOf(embeddings);
    }

    /** Whether this is an experiment (a results table over runs) rather than one run. */
    public boolean isExperiment() {
        return !results.isEmpty();
    }

    /** Whether there is anything to report at all. */
    public boolean isEmpty() {
        return pretrainSummary == null && steps.isEmpty() && probeSummary == null
                && results.isEmpty() && resultsMarkdown == null;
    }

    /** The same inputs with {@code maps} as their embeddings. */
    public ReportInputs withEmbeddings(List<Embedding> maps) {
        return new ReportInputs(source, pretrainSummary, steps, probeSummary, results,
                resultsMarkdown, maps);
    }

    /** The readout rows: the experiment's, or this run's probe summary as rows. */
    public List<ResultRow> readoutRows(String runName) {
        if (!results.isEmpty()) {
            return results;
        }
        return probeSummary == null ? List.of()
                : ProbeReadout.rows(runName, probeSummary, pretrainSummary);
    }
}
