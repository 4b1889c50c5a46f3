package ai.liouna.report;

import java.awt.Font;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's Figures 2-4: a scatter plot of a 2-D embedding of hidden activations, one colour
 * per class, with a legend of class names. The axes of a t-SNE map carry no units, so their
 * tick labels are hidden.
 */
public final class EmbeddingChart {

    private EmbeddingChart() {
    }

    /** One series per class that has points, in class order. */
    public static XYChart create(String title, Embedding embedding, ChartSize size) {
        XYChart chart = Charts.lineChart(title, "t-SNE 1", "t-SNE 2", size);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(5);
        chart.getStyler().setAxisTicksVisible(false);
        chart.getStyler().setPlotGridLinesVisible(false);
        chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int classes = classCount(embedding);
        for (int label = 0; label < classes; label++) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < embedding.size(); i++) {
                if (embedding.labels()[i] == label) {
                    x.add(embedding.points()[i][0]);
                    y.add(embedding.points()[i][1]);
                }
            }
            if (!x.isEmpty()) {
                XYSeries series = chart.addSeries(embedding.className(label), x, y);
                series.setMarker(SeriesMarkers.CIRCLE);
                series.setMarkerColor(Charts.colour(label));
            }
        }
        return chart;
    }

    private static int classCount(Embedding embedding) {
        int largest = -1;
        for (int label : embedding.labels()) {
            largest = Math.max(largest, label);
        }
        return Math.max(embedding.classNames().size(), largest + 1);
    }
}
