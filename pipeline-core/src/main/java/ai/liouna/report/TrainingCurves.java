package ai.liouna.report;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import ai.liouna.train.StepMetrics;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts of a pretraining run from its per-step metrics ({@code metrics.jsonl}): each block's
 * local loss, each block's mean neuron norm (which the rule projects back to a fixed value
 * every step, so a flat line is the healthy sight), and throughput in images per second.
 */
public final class TrainingCurves {

    private TrainingCurves() {
    }

    /** Mean local loss per block against the global step. */
    public static XYChart loss(List<StepMetrics> steps, ChartSize size) {
        XYChart chart = Charts.lineChart("Local loss per block", "step", "loss", size);
        addPerBlock(chart, steps, StepMetrics::blockLoss);
        return chart;
    }

    /** Mean neuron L2 norm per block against the global step. */
    public static XYChart neuronNorm(List<StepMetrics> steps, ChartSize size) {
        XYChart chart = Charts.lineChart("Mean neuron norm per block", "step", "L2 norm",
                size);
        addPerBlock(chart, steps, StepMetrics::neuronNorm);
        return chart;
    }

    /** Images per second of every step, and the mean of the run as a reference line. */
    public static XYChart throughput(List<StepMetrics> steps, ChartSize size) {
        XYChart chart = Charts.lineChart("Throughput", "step", "images / s", size);
        double[] x = steps.stream().mapToDouble(step -> step.globalStep() + 1.0).toArray();
        double[] rate = steps.stream().mapToDouble(StepMetrics::imagesPerSecond)
                .map(value -> Double.isFinite(value) ? value : 0).toArray();
        style(chart.addSeries("per step", x, rate), 0);
        long images = steps.stream().mapToLong(StepMetrics::images).sum();
        double seconds = steps.stream().mapToDouble(StepMetrics::seconds).sum();
        if (seconds > 0 && x.length > 1) {
            double mean = images / seconds;
            XYSeries overall = chart.addSeries("run mean", new double[] {x[0], x[x.length - 1]},
                    new double[] {mean, mean});
            style(overall, 1).setLineStyle(Charts.DASHED);
        }
        return chart;
    }

    private static void addPerBlock(XYChart chart, List<StepMetrics> steps,
                                    Function<StepMetrics, double[]> values) {
        double[] x = steps.stream().mapToDouble(step -> step.globalStep() + 1.0).toArray();
        int depth = steps.stream().mapToInt(step -> values.apply(step).length).max().orElse(0);
        for (int block = 0; block < depth; block++) {
            int b = block;
            ToDoubleFunction<StepMetrics> value = step -> b < values.apply(step).length
                    ? values.apply(step)[b] : Double.NaN;
            double[] y = steps.stream().mapToDouble(value).toArray();
            if (Arrays.stream(y).noneMatch(Double::isFinite)) {
                continue; // a block frozen for the whole run (pretrain.blocks) has no loss
            }
            style(chart.addSeries("block " + (block + 1), x, y), block);
        }
    }

    private static XYSeries style(XYSeries series, int colour) {
        series.setLineColor(Charts.colour(colour));
        series.setLineStyle(Charts.SOLID);
        series.setMarker(SeriesMarkers.NONE);
        return series;
    }
}
