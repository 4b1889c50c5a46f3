package ai.liouna.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An experiment's {@code results.md}: one table per dataset, one line per algorithm and
 * design, the test top-1 of every block as the mean and sample standard deviation over seeds,
 * the random-init readout of the last block, and the mean wall time of a cell. A series with
 * no trained readout (an untrained network, e.g. {@code random-kaiming}) shows its random-init
 * readout in the block columns, since that network is the one the row names.
 */
public final class ResultsMarkdown {

    private ResultsMarkdown() {
    }

    /** The whole file for {@code rows}, under the heading {@code title}. */
    public static String format(String title, List<ResultRow> rows) {
        StringBuilder text = new StringBuilder("# ").append(title).append("\n\n");
        text.append("Test top-1 of a linear readout per block, mean ± sample standard deviation"
                + " over seeds.\n");
        Map<String, List<ReadoutSeries>> byDataset = new TreeMap<>();
        for (ReadoutSeries series : ReadoutSeries.aggregate(rows)) {
            byDataset.computeIfAbsent(series.key().dataset(), key -> new ArrayList<>())
                    .add(series);
        }
        Map<ResultRow.SeriesKey, Double> seconds = secondsPerCell(rows);
        byDataset.forEach((dataset, series) -> {
            series.sort(ReadoutSeries.tableOrder());
            text.append("\n## ").append(dataset).append("\n\n");
            table(text, series, seconds);
        });
        return text.toString();
    }

    private static void table(StringBuilder text, List<ReadoutSeries> series,
                              Map<ResultRow.SeriesKey, Double> seconds) {
        int depth = series.stream().mapToInt(ReadoutSeries::depth).max().orElse(0);
        text.append("| algorithm | design | seeds |");
        for (int block = 1; block <= depth; block++) {
            text.append(" block ").append(block).append(" |");
        }
        text.append(" random init, last block | wall s per cell |\n|---|---|---|");
        text.append("---|".repeat(depth)).append("---|---|\n");
        for (ReadoutSeries line : series) {
            boolean trained = java.util.Arrays.stream(line.trainedMean())
                    .anyMatch(Double::isFinite);
            double[] mean = trained ? line.trainedMean() : line.randomMean();
            double[] sd = trained ? line.trainedSd() : line.randomSd();
            text.append("| ").append(line.key().algorithm()).append(" | ")
                    .append(line.key().design()).append(" | ").append(line.seeds()).append(" |");
            for (int block = 0; block < depth; block++) {
                text.append(' ').append(block < mean.length ? cell(mean[block], sd[block]) : "–")
                        .append(" |");
            }
            int last = line.depth() - 1;
            text.append(' ').append(trained && last >= 0
                    ? cell(line.randomMean()[last], line.randomSd()[last]) : "–").append(" |");
            Double wall = seconds.get(line.key());
            text.append(' ').append(wall == null || wall.isNaN() ? "–"
                    : String.format(Locale.ROOT, "%.0f", wall)).append(" |\n");
        }
    }

    /** {@code 67.93 ± 0.40%}, {@code 67.93%} with one seed, {@code –} when not measured. */
    static String cell(double mean, double sd) {
        if (!Double.isFinite(mean)) {
            return "–";
        }
        return Double.isFinite(sd)
                ? String.format(Locale.ROOT, "%.2f ± %.2f%%", 100 * mean, 100 * sd)
                : String.format(Locale.ROOT, "%.2f%%", 100 * mean);
    }

    /** Mean over a series' runs of each run's wall time (every row of a run repeats it). */
    private static Map<ResultRow.SeriesKey, Double> secondsPerCell(List<ResultRow> rows) {
        Map<ResultRow.SeriesKey, Map<String, Double>> runs = new LinkedHashMap<>();
        for (ResultRow row : rows) {
            runs.computeIfAbsent(row.seriesKey(), key -> new LinkedHashMap<>())
                    .put(row.run() + "#" + row.seed(), row.seconds());
        }
        Map<ResultRow.SeriesKey, Double> means = new LinkedHashMap<>();
        runs.forEach((key, byRun) -> means.put(key, byRun.values().stream()
                .filter(Double::isFinite).mapToDouble(Double::doubleValue).average()
                .orElse(Double.NaN)));
        return means;
    }
}
