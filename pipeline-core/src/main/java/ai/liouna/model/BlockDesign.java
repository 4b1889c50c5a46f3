package ai.liouna.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The three convolutional block designs compared in the Liouna paper (its Appendix C). Every
 * convolution keeps the spatial resolution and every block ends with a 2x2 average pool.
 */
public enum BlockDesign {
    /** Conv - LayerNorm (over channels) - GELU - AvgPool: the paper's own design. */
    OURS(false, Nonlinearity.GELU, true),
    /** BatchNorm - Conv - Triangle+ReLU - AvgPool: the block of SoftHebb (Journe et al. 2023). */
    PNB(true, Nonlinearity.TRIANGLE, false),
    /** BatchNorm - Conv - GELU - AvgPool: SoftHebb's block with the activation swapped. */
    PNBT(true, Nonlinearity.GELU, false);

    /** The activation that follows the convolution (and, for {@link #OURS}, its LayerNorm). */
    public enum Nonlinearity { GELU, TRIANGLE }

    private final boolean batchNormBeforeConv;
    private final Nonlinearity nonlinearity;
    private final boolean layerNormAfterConv;

    BlockDesign(boolean batchNormBeforeConv, Nonlinearity nonlinearity,
                boolean layerNormAfterConv) {
        this.batchNormBeforeConv = batchNormBeforeConv;
        this.nonlinearity = nonlinearity;
        this.layerNormAfterConv = layerNormAfterConv;
    }

    public boolean batchNormBeforeConv() {
        return batchNormBeforeConv;
    }

    public boolean layerNormAfterConv() {
        return layerNormAfterConv;
    }

    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    /** The name used in configuration files: {@code ours}, {@code pnb} or {@code pnbt}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BlockDesign fromConfig(String name) {
        for (BlockDesign design : values()) {
            if (design.configName().equalsIgnoreCase(name.replace("-", ""))) {
                return design;
            }
        }
        String valid = Arrays.stream(values()).map(BlockDesign::configName)
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException(
                "unknown block design '" + name + "'; valid designs are " + valid);
    }
}
