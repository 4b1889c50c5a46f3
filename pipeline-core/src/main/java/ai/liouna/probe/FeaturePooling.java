package ai.liouna.probe;

import java.util.Arrays;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns a block's output maps into the features a linear readout sees: every channel is
 * average-pooled to at most {@code grid x grid} positions and the result is flattened, channel
 * by channel, row by row. Maps already that small are kept as they are.
 *
 * <p>Bins follow the adaptive average pooling rule of PyTorch's {@code AdaptiveAvgPool2d}:
 * output row {@code i} of {@code g} averages input rows {@code floor(i * h / g)} to
 * {@code ceil((i + 1) * h / g) - 1}. When {@code g} divides {@code h} the bins tile the map
 * (a 16x16 map becomes 4x4 means of 4x4 patches); otherwise neighbouring bins overlap by a row
 * (a 5x5 map with grid 4 averages 2x2 windows at offsets 0, 1, 2 and 3).
 */
public final class FeaturePooling {

    /** The largest number of pooled positions along each side of a map. */
    private final int grid;

    public FeaturePooling(int grid) {
        if (grid < 1) {
            throw new IllegalArgumentException("probe.featureGrid is " + grid
                    + "; it must be at least 1 (1 is global average pooling)");
        }
        this.grid = grid;
    }

    public int grid() {
        return grid;
    }

    /** Pooled positions along a side of {@code size} pixels. */
    public int pooledSize(int size) {
        return Math.min(grid, size);
    }

    /** Features per image of a {@code channels x height x width} map. */
    public int featureCount(int channels, int height, int width) {
        return channels * pooledSize(height) * pooledSize(width);
    }

    /**
     * Pools NCHW maps [n, c, h, w] into features; the result is the row-major [n, features]
     * matrix, feature index {@code (channel * gh + row) * gw + column}.
     */
    public float[] pool(INDArray maps) {
        if (maps.rank() != 4) {
            throw new IllegalArgumentException("feature pooling expects NCHW maps [n, c, h, w],"
                    + " got shape " + Arrays.toString(maps.shape()));
        }
        int images = (int) maps.size(0);
        int channels = (int) maps.size(1);
        int height = (int) maps.size(2);
        int width = (int) maps.size(3);
        float[] values = maps.castTo(DataType.FLOAT).dup('c').data().asFloat();
        int[] rowBins = binBounds(height);
        int[] columnBins = binBounds(width);
        float[] features = new float[images * featureCount(channels, height, width)];
        int plane = height * width;
        int pooledPlane = pooledSize(height) * pooledSize(width);
        for (int map = 0; map < images * channels; map++) {
            poolPlane(values, map * plane, width, rowBins, columnBins,
                    features, map * pooledPlane);
        }
        return features;
    }

    /** Averages each bin of one h x w plane into {@code target} from {@code targetOffset}. */
    private static void poolPlane(float[] source, int sourceOffset, int width, int[] rowBins,
                           int[] columnBins, float[] target, int targetOffset) {
        int rows = rowBins.length / 2;
        int columns = columnBins.length / 2;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                double sum = 0;
                for (int r = rowBins[2 * i]; r < rowBins[2 * i + 1]; r++) {
                    int rowOffset = sourceOffset + r * width;
                    for (int c = columnBins[2 * j]; c < columnBins[2 * j + 1]; c++) {
                        sum += source[rowOffset + c];
                    }
                }
                int area = (rowBins[2 * i + 1] - rowBins[2 * i])
                        * (columnBins[2 * j + 1] - columnBins[2 * j]);
                target[targetOffset + i * columns + j] = (float) (sum / area);
            }
        }
    }

    /** Start (inclusive) and end (exclusive) of every bin along a side, interleaved. */
    private int[] binBounds(int size) {
        int bins = pooledSize(size);
        int[] bounds = new int[2 * bins];
        for (int i = 0; i < bins; i++) {
            bounds[2 * i] = Math.floorDiv(i * size, bins);
            bounds[2 * i + 1] = -Math.floorDiv(-(i + 1) * size, bins);
        }
        return bounds;
    }
}
