package ai.liouna.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/**
 * The look shared by every chart of a report, and the one way charts become PNG bytes. Charts
 * are drawn off screen: AWT runs headless, so no display is needed on a cluster node.
 */
public final class Charts {

    /** Distinct colours for up to 20 series (Tableau's 10, then their lighter partners). */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf), new Color(0xaec7e8), new Color(0xffbb78),
        new Color(0x98df8a), new Color(0xff9896), new Color(0xc5b0d5), new Color(0xc49c94),
        new Color(0xf7b6d2), new Color(0xc7c7c7), new Color(0xdbdb8d), new Color(0x9edae5),
    };

    /** A solid line for trained curves; a dashed one for their random-init baselines. */
    static final BasicStroke SOLID = new BasicStroke(2.2f);
    static final BasicStroke DASHED = new BasicStroke(1.8f, BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Charts() {
    }

    /** Colour of series {@code index}, cycling through the palette. */
    public static Color colour(int index) {
        return PALETTE[Math.floorMod(index, PALETTE.length)];
    }

    /** An empty line chart in the report's style, axes titled. */
    static XYChart lineChart(String title, String xTitle, String yTitle, ChartSize size) {
        XYChart chart = new XYChartBuilder().width(size.width()).height(size.height())
                .title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(true);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setAntiAlias(true);
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13))
                .setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11))
                .setPlotGridLinesColor(new Color(0xe6e6e6));
        return chart;
    }

    /** The chart drawn as a PNG image of its width and height. */
    public static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode chart '" + chart.getTitle()
                    + "' as PNG", e);
        }
    }
}
