package ai.liouna.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The depth-wise readout of one algorithm and design on one dataset: per block, the mean and
 * standard deviation over seeds of the test top-1 of the trained and of the random-init
 * backbone. Blocks a run did not report are NaN.
 *
 * @param key         algorithm, design and dataset
 * @param seeds       number of distinct seeds (runs) averaged
 * @param trainedMean per block (index 0 is block 1), mean trained top-1
 * @param trainedSd   per block, sample standard deviation over seeds (NaN with one seed)
 * @param randomMean  per block, mean random-init top-1
 * @param randomSd    per block, its sample standard deviation
 */
public record ReadoutSeries(ResultRow.SeriesKey key, int seeds, double[] trainedMean,
                            double[] trainedSd, double[] randomMean, double[] randomSd) {

    /** Groups rows by algorithm, design and dataset, in order of first appearance. */
    public static List<ReadoutSeries> aggregate(List<ResultRow> rows) {
        Map<ResultRow.SeriesKey, List<ResultRow>> groups = new LinkedHashMap<>();
        rows.forEach(row -> groups.computeIfAbsent(row.seriesKey(), key -> new ArrayList<>())
                .add(row));
        List<ReadoutSeries> series = new ArrayList<>();
        groups.forEach((key, group) -> series.add(of(key, group)));
        return series;
    }

    private static ReadoutSeries of(ResultRow.SeriesKey key, List<ResultRow> rows) {
        int depth = rows.stream().mapToInt(ResultRow::block).max().orElse(0);
        int seeds = (int) rows.stream().map(row -> row.run() + "#" + row.seed()).distinct()
                .count();
        double[][] trained = statistics(rows, depth, ResultRow::trainedTop1);
        double[][] random = statistics(rows, depth, ResultRow::randomTop1);
        return new ReadoutSeries(key, seeds, trained[0], trained[1], random[0], random[1]);
    }

    /** Per block, {mean, sample standard deviation} of the finite values. */
    private static double[][] statistics(List<ResultRow> rows, int depth,
                                         ToDoubleFunction<ResultRow> value) {
        double[][] result = {new double[depth], new double[depth]};
        for (int block = 1; block <= depth; block++) {
            int b = block;
            double[] values = rows.stream().filter(row -> row.block() == b)
                    .mapToDouble(value).filter(Double::isFinite).toArray();
            double mean = values.length == 0 ? Double.NaN : Arrays.stream(values).average()
                    .orElse(Double.NaN);
            double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
            result[0][block - 1] = mean;
            result[1][block - 1] = values.length < 2 ? Double.NaN
                    : Math.sqrt(squares / (values.length - 1));
        }
        return result;
    }

    public int depth() {
        return trainedMean.length;
    }

    /** Whether any block has a random-init measurement. */
    public boolean hasRandom() {
        return Arrays.stream(randomMean).anyMatch(Double::isFinite);
    }

    /** The one-based block with the best mean trained top-1 (the last on ties); 0 if none. */
    public int bestBlock() {
        int best = 0;
        for (int block = 1; block <= depth(); block++) {
            double value = trainedMean[block - 1];
            if (Double.isFinite(value) && (best == 0 || value >= trainedMean[best - 1])) {
                best = block;
            }
        }
        return best;
    }

    /** Series ordered by dataset, then algorithm, then design, for stable tables. */
    public static Comparator<ReadoutSeries> tableOrder() {
        return Comparator.<ReadoutSeries, String>comparing(s -> s.key().dataset())
                .thenComparing(s -> s.key().algorithm()).thenComparing(s -> s.key().design());
    }
}
