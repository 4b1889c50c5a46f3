package ai.liouna.model;

import java.io.Serializable;
import java.util.List;

/**
 * The shape of a backbone: its block design, input, and per-block widths and kernel sizes.
 *
 * @param design        which of the paper's three block designs every block uses
 * @param inputChannels channels of the input images (3 for RGB)
 * @param imageSize     height and width of the (square) input images
 * @param channels      output channels of each block's convolution; its length is the depth
 * @param kernelSizes   kernel size of each block's convolution, same length as channels
 * @param init          how the convolution weights are initialised
 * @param initRadius    neuron norm after {@link WeightInitScheme#SOFTHEBB} initialisation
 * @param seed          seed of the weight initialisation
 */
public record ModelSpec(BlockDesign design, int inputChannels, int imageSize,
                        List<Integer> channels, List<Integer> kernelSizes,
                        WeightInitScheme init, double initRadius, long seed)
        implements Serializable {

    public ModelSpec {
        channels = List.copyOf(channels);
        kernelSizes = List.copyOf(kernelSizes);
        if (channels.isEmpty() || channels.size() != kernelSizes.size()) {
            throw new IllegalArgumentException("model.channels " + channels
                    + " and model.kernelSizes " + kernelSizes
                    + " must be non-empty lists of the same length (one entry per block)");
        }
        if (imageSize >> channels.size() < 1) {
            throw new IllegalArgumentException("model.imageSize " + imageSize + " is too small for "
                    + channels.size() + " blocks: each block halves the resolution");
        }
        for (int kernel : kernelSizes) {
            if (kernel < 1 || kernel % 2 == 0) {
                throw new IllegalArgumentException("model.kernelSizes " + kernelSizes
                        + " must be odd and positive so that convolutions keep the resolution");
            }
        }
    }

    /** This spec with another weight-init seed: the same model, initialised differently. */
    public ModelSpec withSeed(long otherSeed) {
        return new ModelSpec(design, inputChannels, imageSize, channels, kernelSizes, init,
                initRadius, otherSeed);
    }

    /** The spec as the {@code model.*} keys (and the images it takes) would state it. */
    public String describe() {
        return "design=" + design.configName() + ", channels=" + channels + ", kernelSizes="
                + kernelSizes + ", init=" + init.configName() + ", initRadius=" + initRadius
                + ", images " + inputChannels + "x" + imageSize + "x" + imageSize;
    }

    public int depth() {
        return channels.size();
    }

    public int inputChannelsOf(int block) {
        return block == 0 ? inputChannels : channels.get(block - 1);
    }

    /** Spatial size of the input to block {@code block}; the convolution keeps it. */
    public int resolutionOf(int block) {
        return imageSize >> block;
    }

    /** Spatial size of the output of block {@code block}, after its pooling. */
    public int outputResolutionOf(int block) {
        return imageSize >> (block + 1);
    }

    /** The number of convolution weights, the only parameters the local rule trains. */
    public long convolutionWeightCount() {
        long count = 0;
        for (int block = 0; block < depth(); block++) {
            long kernel = kernelSizes.get(block);
            count += (long) inputChannelsOf(block) * channels.get(block) * kernel * kernel;
        }
        return count;
    }
}
