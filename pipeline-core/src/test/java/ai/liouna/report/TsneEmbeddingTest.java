package ai.liouna.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import ai.liouna.probe.ExtractedFeatures;
import org.junit.jupiter.api.Test;

class TsneEmbeddingTest {

    /** Gaussian clusters around random centres; point i belongs to cluster i % clusters. */
    private static float[] clusters(int rows, int dimension, int clusters, double spread,
                                    long seed) {
        Random random = new Random(seed);
        double[][] centres = new double[clusters][dimension];
        for (double[] centre : centres) {
            for (int d = 0; d < dimension; d++) {
                centre[d] = 4 * random.nextGaussian();
            }
        }
        float[] values = new float[rows * dimension];
        for (int i = 0; i < rows; i++) {
            for (int d = 0; d < dimension; d++) {
                values[i * dimension + d] = (float) (centres[i % clusters][d]
                        + spread * random.nextGaussian());
            }
        }
        return values;
    }

    private static int[] labels(int rows, int clusters) {
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = i % clusters;
        }
        return labels;
    }

    @Test
    void separatesClustersAfterPca() {
        int rows = 400;
        int dimension = 120;
        float[] values = clusters(rows, dimension, 6, 1.5, 7);
        TsneEmbedding tsne = new TsneEmbedding(new TsneSettings(20, 30, 500, 0.5, 3));

        double[][] points = tsne.embed(values, rows, dimension);

        assertEquals(rows, points.length);
        assertEquals(2, points[0].length);
        double agreement = NeighbourAgreement.of(points, labels(rows, 6));
        assertTrue(agreement > 0.9, "nearest-neighbour class agreement " + agreement);
    }

    @Test
    void randomLabelsAgreeOnlyByChance() {
        int rows = 300;
        float[] values = clusters(rows, 10, 1, 1.0, 11);
        int[] labels = new int[rows];
        Random random = new Random(5);
        for (int i = 0; i < rows; i++) {
            labels[i] = random.nextInt(4);
        }
        double[][] points = new TsneEmbedding(new TsneSettings(0, 20, 300, 0.5, 1))
                .embed(values, rows, 10);

        double agreement = NeighbourAgreement.of(points, labels);
        assertTrue(agreement < 0.45, "agreement " + agreement + " with labels unrelated to"
                + " the data should be near 1/4");
    }

    @Test
    void sameSeedGivesTheSameMap() {
        float[] values = clusters(60, 8, 3, 1.0, 2);
        TsneSettings settings = new TsneSettings(0, 10, 200, 0.5, 9);

        double[][] first = new TsneEmbedding(settings).embed(values, 60, 8);
        double[][] second = new TsneEmbedding(settings).embed(values, 60, 8);

        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], second[i], 1e-9);
        }
    }

    @Test
    void embedsOneBlockOfExtractedFeatures() {
        int rows = 90;
        float[] block1 = clusters(rows, 6, 3, 0.5, 4);
        float[] block2 = clusters(rows, 4, 3, 0.5, 5);
        long[] ids = new long[rows];
        for (int i = 0; i < rows; i++) {
            ids[i] = 1000 + i;
        }
        ExtractedFeatures features = new ExtractedFeatures(ids, labels(rows, 3),
                new int[] {6, 4}, new float[][] {block1, block2});

        Embedding embedding = new TsneEmbedding(new TsneSettings(0, 15, 250, 0.5, 1))
                .embed(features, 2, List.of("a", "b", "c"));

        assertEquals(2, embedding.block());
        assertEquals(rows, embedding.size());
        assertEquals(1000L, embedding.ids()[0]);
        assertEquals("c", embedding.className(2));
        assertTrue(embedding.toCsv().startsWith("id,label,class,x,y\n1000,0,\"a\","));
        assertThrows(IllegalArgumentException.class,
                () -> new TsneEmbedding(TsneSettings.defaults(1)).embed(features, 3, List.of()));
    }

    @Test
    void perplexityTooLargeForTheSampleIsLowered() {
        float[] values = clusters(20, 5, 2, 0.5, 8);
        double[][] points = new TsneEmbedding(new TsneSettings(0, 30, 100, 0.5, 1))
                .embed(values, 20, 5);
        assertEquals(20, points.length);
        assertTrue(Double.isFinite(points[0][0]));
    }
}
