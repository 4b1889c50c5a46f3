package ai.liouna.report;

import java.util.List;

import ai.liouna.probe.ExtractedFeatures;
import de.javagl.tsne.Tsne;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dimensionalityreduction.PCA;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds feature vectors in 2-D with Barnes-Hut t-SNE (van der Maaten, "Accelerating t-SNE
 * using Tree-Based Algorithms", JMLR 15, 2014), after centring them and projecting them on
 * their leading principal components (ND4J's SVD-based PCA). The t-SNE itself is the
 * {@code de.javagl:bh-tsne} library, a port of the author's reference implementation;
 * Deeplearning4j's own {@code BarnesHutTsne} has no release that matches our ND4J version.
 */
public final class TsneEmbedding {

    private static final Logger LOG = LoggerFactory.getLogger(TsneEmbedding.class);
    /** t-SNE needs a few points per unit of perplexity to calibrate its Gaussians. */
    private static final int MIN_POINTS = 10;

    private final TsneSettings settings;

    public TsneEmbedding(TsneSettings settings) {
        this.settings = settings;
    }

    /** The 2-D map of block {@code block} (one-based) of {@code features}. */
    public Embedding embed(ExtractedFeatures features, int block, List<String> classNames) {
        if (block < 1 || block > features.blocks()) {
            throw new IllegalArgumentException("block " + block + " does not exist; the"
                    + " features hold blocks 1 to " + features.blocks());
        }
        double[][] points = embed(features.values()[block - 1], features.size(),
                features.dimensions()[block - 1]);
        return new Embedding(block, features.ids(), features.labels(), points, classNames);
    }

    /**
     * The 2-D map of {@code rows} row-major feature vectors of {@code columns} values each.
     *
     * @return per row, its x and y
     */
    public double[][] embed(float[] values, int rows, int columns) {
        if (rows < MIN_POINTS || (long) rows * columns != values.length) {
            throw new IllegalArgumentException("t-SNE needs at least " + MIN_POINTS
                    + " rows of " + columns + " features, got " + values.length + " values for "
                    + rows + " rows; raise report.embedding.images");
        }
        double[][] input = reduce(values, rows, columns);
        double perplexity = Math.min(settings.perplexity(), (rows - 1) / 3.0 - 1e-6);
        if (perplexity < settings.perplexity()) {
            LOG.warn("t-SNE: perplexity lowered from {} to {} for {} points",
                    settings.perplexity(), perplexity, rows);
        }
        Tsne tsne = new Tsne();
        tsne.setOutputDims(2);
        tsne.setInitialDims(0);
        tsne.setPerplexity(perplexity);
        tsne.setMaxIterations(settings.iterations());
        tsne.setTheta(settings.theta());
        tsne.setRandomSeed(settings.seed());
        tsne.setMessageConsumer(message -> LOG.debug("t-SNE: {}", message));
        long start = System.nanoTime();
        double[][] points = tsne.run(input);
        LOG.info("t-SNE: {} points of {} features ({} after PCA) embedded in {} s", rows,
                columns, input[0].length, Math.round((System.nanoTime() - start) / 1e7) / 100.0);
        return points;
    }

    /** Centred features, projected on the leading principal components when there are more. */
    private double[][] reduce(float[] values, int rows, int columns) {
        INDArray features = Nd4j.create(values, new long[] {rows, columns}, 'c')
                .castTo(DataType.DOUBLE);
        INDArray centred = features.subRowVector(features.mean(0));
        int components = Math.min(settings.pcaDimensions(), rows - 1);
        if (settings.pcaDimensions() == 0 || columns <= components) {
            return centred.toDoubleMatrix();
        }
        // pca_factor overwrites its argument, hence the copy.
        INDArray factor = PCA.pca_factor(centred.dup('c'), components, false);
        return centred.mmul(factor).toDoubleMatrix();
    }
}
