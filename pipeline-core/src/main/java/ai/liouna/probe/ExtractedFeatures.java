package ai.liouna.probe;

import java.io.Serializable;

/**
 * The pooled features of every block for some images (one Spark partition's share), with their
 * labels. Plain arrays, so that it serialises compactly between executors and the driver.
 *
 * @param ids        id of each image
 * @param labels     class index of each image
 * @param dimensions features per image of each block
 * @param values     per block, the row-major [images, dimensions[block]] features
 */
public record ExtractedFeatures(long[] ids, int[] labels, int[] dimensions, float[][] values)
        implements Serializable {

    public ExtractedFeatures {
        if (ids.length != labels.length) {
            throw new IllegalArgumentException(ids.length + " image ids but " + labels.length
                    + " labels");
        }
        if (dimensions.length != values.length) {
            throw new IllegalArgumentException(dimensions.length + " block dimensions but "
                    + values.length + " blocks of features");
        }
        for (int block = 0; block < values.length; block++) {
            if (values[block].length != (long) labels.length * dimensions[block]) {
                throw new IllegalArgumentException("block " + (block + 1) + " holds "
                        + values[block].length + " values, expected " + labels.length
                        + " images x " + dimensions[block] + " features");
            }
        }
    }

    public int size() {
        return labels.length;
    }

    public int blocks() {
        return values.length;
    }
}
