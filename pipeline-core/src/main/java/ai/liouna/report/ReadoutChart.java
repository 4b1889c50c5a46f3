package ai.liouna.report;

import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's Figure 1: test top-1 of a linear readout on each block's features, against
 * depth, for every algorithm and design; trained backbones as solid lines, their random
 * initialisations dashed in the same colour. With several seeds, error bars show one standard
 * deviation.
 */
public final class ReadoutChart {

    private ReadoutChart() {
    }

    /**
     * The chart of {@code series}; a series with no finite point is left out.
     *
     * @param withDataset put the dataset in the legend (when series mix datasets)
     */
    public static XYChart create(String title, List<ReadoutSeries> series, boolean withDataset,
                                 ChartSize size) {
        XYChart chart = Charts.lineChart(title, "block", "test top-1 (%)", size);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setXAxisDecimalPattern("0");
        fitPercentAxis(chart, series);
        int colour = 0;
        for (ReadoutSeries readout : series) {
            String label = readout.key().label(withDataset);
            boolean added = add(chart, label + ", trained", readout.trainedMean(),
                    readout.trainedSd(), colour, false);
            added |= add(chart, label + ", random init", readout.randomMean(),
                    readout.randomSd(), colour, true);
            colour += added ? 1 : 0;
        }
        return chart;
    }

    /**
     * A y range of whole 5% steps around the data, at least 10 points tall and within
     * [0, 100], so that flat or near-identical curves still sit inside a readable frame.
     */
    private static void fitPercentAxis(XYChart chart, List<ReadoutSeries> series) {
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (ReadoutSeries readout : series) {
            for (double[] curve : List.of(readout.trainedMean(), readout.randomMean())) {
                for (double value : curve) {
                    if (Double.isFinite(value)) {
                        low = Math.min(low, 100 * value);
                        high = Math.max(high, 100 * value);
                    }
                }
            }
        }
        if (low > high) {
            return;
        }
        double bottom = Math.max(0, 5 * Math.floor((low - 2) / 5));
        double top = Math.min(100, 5 * Math.ceil((high + 2) / 5));
        if (top - bottom < 10) {
            bottom = Math.max(0, top - 10);
            top = Math.min(100, bottom + 10);
        }
        chart.getStyler().setYAxisMin(bottom);
        chart.getStyler().setYAxisMax(top);
    }

    /** Adds the finite blocks of one curve; returns whether it had any. */
    private static boolean add(XYChart chart, String name, double[] mean, double[] sd,
                               int colour, boolean dashed) {
        List<Double> blocks = new ArrayList<>();
        List<Double> percent = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        for (int block = 0; block < mean.length; block++) {
            if (Double.isFinite(mean[block])) {
                blocks.add(block + 1.0);
                percent.add(100 * mean[block]);
                errors.add(Double.isFinite(sd[block]) ? 100 * sd[block] : 0.0);
            }
        }
        if (blocks.isEmpty()) {
            return false;
        }
        boolean spread = errors.stream().anyMatch(error -> error > 0);
        XYSeries added = spread ? chart.addSeries(name, blocks, percent, errors)
                : chart.addSeries(name, blocks, percent);
        added.setLineColor(Charts.colour(colour));
        added.setMarkerColor(Charts.colour(colour));
        added.setLineStyle(dashed ? Charts.DASHED : Charts.SOLID);
        added.setMarker(dashed ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
        return true;
    }
}
