package ai.liouna.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import javax.imageio.ImageIO;

import ai.liouna.train.StepMetrics;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** Every chart renders headless to a PNG of the asked size, with the expected series. */
class ChartsTest {

    private static final ChartSize SIZE = new ChartSize(640, 400);

    private static BufferedImage decode(byte[] png) throws IOException {
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "not a readable PNG");
        return image;
    }

    /** A picture, not a blank canvas: more than two distinct colours. */
    private static void assertDrawn(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 5, colours.size() + " colours only");
    }

    static List<ResultRow> rows() {
        List<ResultRow> rows = new ArrayList<>();
        for (String algorithm : List.of("liouna", "softhebb")) {
            for (long seed = 1; seed <= 3; seed++) {
                for (int block = 1; block <= 3; block++) {
                    double trained = 0.4 + 0.08 * block + (algorithm.equals("liouna") ? 0.05 : 0)
                            + 0.01 * seed;
                    rows.add(new ResultRow(algorithm + "-" + seed, algorithm, "ours",
                            "cifar10", seed, block, trained, 0.38 + 0.02 * block, 120));
                }
            }
        }
        return rows;
    }

    @Test
    void readoutChartHasATrainedAndARandomCurvePerSeries() throws IOException {
        List<ReadoutSeries> series = ReadoutSeries.aggregate(rows());
        XYChart chart = ReadoutChart.create("readout", series, false, SIZE);

        assertEquals(4, chart.getSeriesMap().size());
        assertTrue(chart.getSeriesMap().containsKey("liouna / ours, trained"));
        assertTrue(chart.getSeriesMap().containsKey("softhebb / ours, random init"));
        BufferedImage image = decode(Charts.png(chart));
        assertEquals(640, image.getWidth());
        assertEquals(400, image.getHeight());
        assertDrawn(image);
    }

    @Test
    void readoutChartLeavesOutAnUnmeasuredRandomBaseline() {
        List<ResultRow> rows = List.of(
                new ResultRow("a", "liouna", "pnb", "stl10", 1, 1, 0.5, Double.NaN, 1),
                new ResultRow("a", "liouna", "pnb", "stl10", 1, 2, 0.6, Double.NaN, 1));
        XYChart chart = ReadoutChart.create("readout", ReadoutSeries.aggregate(rows), true,
                SIZE);

        assertEquals(1, chart.getSeriesMap().size());
        assertTrue(chart.getSeriesMap().containsKey("liouna / pnb (stl10), trained"));
    }

    private static List<StepMetrics> steps(int count, int blocks) {
        List<StepMetrics> steps = new ArrayList<>();
        for (int step = 0; step < count; step++) {
            double[] loss = new double[blocks];
            double[] norm = new double[blocks];
            for (int block = 0; block < blocks; block++) {
                loss[block] = (block + 1) * 0.1 * Math.exp(-step / 20.0);
                norm[block] = Math.sqrt(2);
            }
            steps.add(new StepMetrics(step / 10, step % 10, step, 256, 0.5 + 0.01 * step,
                    loss, norm));
        }
        return steps;
    }

    @Test
    void trainingCurvesHaveOneSeriesPerBlock() throws IOException {
        List<StepMetrics> steps = steps(40, 3);

        XYChart loss = TrainingCurves.loss(steps, SIZE);
        XYChart norm = TrainingCurves.neuronNorm(steps, SIZE);
        XYChart throughput = TrainingCurves.throughput(steps, SIZE);

        assertEquals(3, loss.getSeriesMap().size());
        assertEquals(3, norm.getSeriesMap().size());
        assertEquals(2, throughput.getSeriesMap().size(), "per step and the run's mean");
        for (XYChart chart : List.of(loss, norm, throughput)) {
            BufferedImage image = decode(Charts.png(chart));
            assertEquals(640, image.getWidth());
            assertEquals(400, image.getHeight());
            assertDrawn(image);
        }
    }

    @Test
    void aSingleStepStillRenders() throws IOException {
        BufferedImage image = decode(Charts.png(TrainingCurves.loss(steps(1, 2), SIZE)));
        assertEquals(640, image.getWidth());
    }

    @Test
    void embeddingChartHasOneSeriesPerClassNamedInTheLegend() throws IOException {
        Random random = new Random(1);
        int n = 120;
        double[][] points = new double[n][];
        int[] labels = new int[n];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
            points[i] = new double[] {labels[i] * 5 + random.nextGaussian(),
                random.nextGaussian()};
            ids[i] = i;
        }
        Embedding embedding = new Embedding(1, ids, labels, points,
                List.of("airplane", "automobile", "bird", "cat", "deer"));

        XYChart chart = EmbeddingChart.create("block 1", embedding, SIZE);

        assertEquals(4, chart.getSeriesMap().size(), "deer has no points");
        assertTrue(chart.getSeriesMap().containsKey("automobile"));
        BufferedImage image = decode(Charts.png(chart));
        assertEquals(400, image.getHeight());
        assertDrawn(image);
        assertNotEquals(Charts.colour(0), Charts.colour(1));
    }
}
