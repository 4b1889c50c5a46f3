package ai.liouna.model;

import java.util.Arrays;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationGELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A convolutional backbone of {@link BlockDesign} blocks, held as a Deeplearning4j
 * {@link MultiLayerNetwork} so that the weights a local rule trains load unchanged into a
 * backprop fine-tune. Local rules write into the convolution weight views that
 * {@link #convolutionWeights(int)} returns; those views alias the network's parameters.
 */
public final class Backbone {

    /** BatchNorm's epsilon and running-average momentum, as in PyTorch's defaults. */
    public static final double BATCH_NORM_EPSILON = 1e-5;
    public static final double BATCH_NORM_MOMENTUM = 0.1;

    private final ModelSpec spec;
    private final MultiLayerNetwork network;
    private final int[] convolutionLayer;
    private final int[] batchNormLayer;

    private Backbone(ModelSpec spec, MultiLayerNetwork network) {
        this.spec = spec;
        this.network = network;
        int depth = spec.depth();
        this.convolutionLayer = new int[depth];
        this.batchNormLayer = new int[depth];
        int layer = 0;
        for (int block = 0; block < depth; block++) {
            batchNormLayer[block] = spec.design().batchNormBeforeConv() ? layer++ : -1;
            convolutionLayer[block] = layer++;
            // then LayerNorm (ours only), the nonlinearity and the pooling
            layer += spec.design().layerNormAfterConv() ? 3 : 2;
        }
    }

    /** A freshly initialised backbone; the same spec (seed included) gives the same weights. */
    public static Backbone create(ModelSpec spec) {
        MultiLayerNetwork network = new MultiLayerNetwork(configuration(spec));
        network.init();
        Backbone backbone = new Backbone(spec, network);
        if (spec.init() == WeightInitScheme.SOFTHEBB) {
            for (int block = 0; block < spec.depth(); block++) {
                NeuronNorms.project(backbone.convolutionWeights(block), spec.initRadius());
            }
        }
        return backbone;
    }

    /** Wraps a network previously built by {@link #create(ModelSpec)} (for example, loaded). */
    public static Backbone wrap(ModelSpec spec, MultiLayerNetwork network) {
        int expected = configuration(spec).getConfs().size();
        if (network.getnLayers() != expected) {
            throw new IllegalArgumentException("network has " + network.getnLayers()
                    + " layers but model spec " + spec + " describes " + expected);
        }
        return new Backbone(spec, network);
    }

    private static MultiLayerConfiguration configuration(ModelSpec spec) {
        var builder = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .list();
        for (int block = 0; block < spec.depth(); block++) {
            int kernel = spec.kernelSizes().get(block);
            if (spec.design().batchNormBeforeConv()) {
                builder.layer(new BatchNormalization.Builder()
                        .lockGammaBeta(true).gamma(1.0).beta(0.0)
                        .eps(BATCH_NORM_EPSILON).decay(1.0 - BATCH_NORM_MOMENTUM)
                        .useLogStd(false)
                        .build());
            }
            builder.layer(new ConvolutionLayer.Builder(kernel, kernel)
                    .nOut(spec.channels().get(block))
                    .stride(1, 1)
                    .hasBias(false)
                    .activation(new ActivationIdentity())
                    .build());
            if (spec.design().layerNormAfterConv()) {
                builder.layer(new ActivationLayer.Builder().activation(new ChannelLayerNorm())
                        .build());
            }
            builder.layer(new ActivationLayer.Builder().activation(nonlinearity(spec.design()))
                    .build());
            builder.layer(new SubsamplingLayer.Builder(PoolingType.AVG)
                    .kernelSize(2, 2).stride(2, 2)
                    .convolutionMode(ConvolutionMode.Truncate)
                    .build());
        }
        builder.setInputType(InputType.convolutional(
                spec.imageSize(), spec.imageSize(), spec.inputChannels(), CNN2DFormat.NCHW));
        return builder.build();
    }

    private static IActivation nonlinearity(BlockDesign design) {
        return switch (design.nonlinearity()) {
            case GELU -> new ActivationGELU(false);
            case TRIANGLE -> new TriangleActivation();
        };
    }

    public ModelSpec spec() {
        return spec;
    }

    public int depth() {
        return spec.depth();
    }

    public MultiLayerNetwork network() {
        return network;
    }

    /** Block {@code block}'s convolution weights, [out, in, k, k]; a view into the network. */
    public INDArray convolutionWeights(int block) {
        return network.getLayer(convolutionLayer[block])
                .getParam(ConvolutionParamInitializer.WEIGHT_KEY);
    }

    public boolean hasBatchNorm() {
        return spec.design().batchNormBeforeConv();
    }

    /** Running mean of block {@code block}'s BatchNorm, [1, channels]; a view into the network. */
    public INDArray batchNormMean(int block) {
        return batchNormParam(block, BatchNormalizationParamInitializer.GLOBAL_MEAN);
    }

    /** Running variance of block {@code block}'s BatchNorm, [1, channels]; a view. */
    public INDArray batchNormVariance(int block) {
        return batchNormParam(block, BatchNormalizationParamInitializer.GLOBAL_VAR);
    }

    private INDArray batchNormParam(int block, String key) {
        if (batchNormLayer[block] < 0) {
            throw new IllegalStateException(spec.design() + " blocks have no BatchNorm");
        }
        return network.getLayer(batchNormLayer[block]).getParam(key);
    }

    /**
     * One forward pass that keeps every intermediate activation. {@code training} selects batch
     * statistics (true) or the running averages (false) in BatchNorm layers. Computes the same
     * function as the Deeplearning4j network, directly on ND4J ops.
     */
    public Activations forward(INDArray images, boolean training) {
        return forward(images, training, depth() - 1, true);
    }

    /**
     * The same forward pass, stopped after zero-based block {@code lastBlock}: the activations
     * of deeper blocks are null. What a rule that trains no deeper block needs.
     */
    public Activations forwardThrough(INDArray images, boolean training, int lastBlock) {
        if (lastBlock < 0 || lastBlock >= depth()) {
            throw new IllegalArgumentException("block " + lastBlock + " is outside this "
                    + depth() + "-block backbone");
        }
        return forward(images, training, lastBlock, true);
    }

    /**
     * @param keepConvolutionOutputs keep each raw convolution output (the rule's target) beside
     *                               the activations computed from it, at the cost of a copy
     */
    private Activations forward(INDArray images, boolean training, int lastBlock,
                                boolean keepConvolutionOutputs) {
        checkInput(images);
        Activations activations = new Activations();
        INDArray blockInput = images;
        for (int block = 0; block <= lastBlock; block++) {
            activations.blockInputs[block] = blockInput;
            INDArray convolutionInput = hasBatchNorm()
                    ? batchNormalise(block, blockInput, training) : blockInput;
            INDArray convolutionOutput = BlockOps.convolve(convolutionInput,
                    convolutionWeights(block));
            activations.convolutionInputs[block] = convolutionInput;
            activations.convolutionOutputs[block] = keepConvolutionOutputs ? convolutionOutput
                    : null;
            INDArray activated = keepConvolutionOutputs ? convolutionOutput.dup()
                    : convolutionOutput;
            if (spec.design().layerNormAfterConv()) {
                activated = BlockOps.layerNormInPlace(activated);
            }
            activated = spec.design().nonlinearity() == BlockDesign.Nonlinearity.GELU
                    ? BlockOps.geluInPlace(activated) : BlockOps.triangleInPlace(activated);
            blockInput = BlockOps.averagePool(activated);
            activations.blockOutputs[block] = blockInput;
        }
        return activations;
    }

    private INDArray batchNormalise(int block, INDArray input, boolean training) {
        if (!training) {
            return BlockOps.batchNormalise(input, batchNormMean(block), batchNormVariance(block));
        }
        INDArray mean = BlockOps.channelMean(input);
        return BlockOps.batchNormalise(input, mean, BlockOps.channelVariance(input, mean));
    }

    /** The block outputs only, in inference mode: what a linear readout sees. */
    public INDArray[] blockOutputs(INDArray images) {
        Activations activations = forward(images, false, depth() - 1, false);
        return activations.blockOutputs.clone();
    }

    private void checkInput(INDArray images) {
        long[] expected = {spec.inputChannels(), spec.imageSize(), spec.imageSize()};
        long[] shape = images.shape();
        if (shape.length != 4 || !Arrays.equals(Arrays.copyOfRange(shape, 1, 4), expected)) {
            throw new IllegalArgumentException("backbone expects images of shape [n, "
                    + expected[0] + ", " + expected[1] + ", " + expected[2] + "], got "
                    + Arrays.toString(shape));
        }
    }

    /** The trainable (convolution) parameter count, which the paper quotes. */
    public long convolutionWeightCount() {
        return spec.convolutionWeightCount();
    }

    /** Every parameter Deeplearning4j stores, BatchNorm running statistics included. */
    public long storedParameterCount() {
        return network.numParams();
    }

    /** A deep copy with its own parameters. */
    public Backbone copy() {
        return new Backbone(spec, network.clone());
    }

    /** The activations of one forward pass, indexed by block. */
    public final class Activations {
        private final INDArray[] blockInputs = new INDArray[depth()];
        private final INDArray[] convolutionInputs = new INDArray[depth()];
        private final INDArray[] convolutionOutputs = new INDArray[depth()];
        private final INDArray[] blockOutputs = new INDArray[depth()];

        private Activations() {
        }

        /** The input to block {@code block}, before its BatchNorm where there is one. */
        public INDArray blockInput(int block) {
            return blockInputs[block];
        }

        /** The input to block {@code block}'s convolution (after BatchNorm where there is one). */
        public INDArray convolutionInput(int block) {
            return convolutionInputs[block];
        }

        /** The raw output of block {@code block}'s convolution, before any normalisation. */
        public INDArray convolutionOutput(int block) {
            return convolutionOutputs[block];
        }

        /** The output of block {@code block}, after its pooling. */
        public INDArray blockOutput(int block) {
            return blockOutputs[block];
        }
    }
}
