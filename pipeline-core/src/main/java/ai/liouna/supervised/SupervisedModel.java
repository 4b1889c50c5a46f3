package ai.liouna.supervised;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.liouna.data.ChannelStats;
import ai.liouna.data.ImageBlock;
import ai.liouna.model.Backbone;
import ai.liouna.model.ModelSpec;
import ai.liouna.rule.RandomKey;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A backbone with a linear softmax head on its last block, trained end to end by backprop on
 * cross-entropy with Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR
 * 2015): the supervised baselines of Rezk, Antoniou, Gouk and Hospedales, "Liouna:
 * Biologically Plausible Learning for Efficient Pre-Training of Transferrable Deep Models",
 * WANT@ICML 2024, Table 3 (end-to-end from random init, and fine-tuning a pretrained backbone).
 *
 * <p>The network is the backbone's own Deeplearning4j layers (so pretrained weights load
 * unchanged) followed by an average pool to at most {@code featureGrid x featureGrid}
 * positions and a dense softmax layer. A frozen backbone is wrapped in Deeplearning4j's
 * frozen layers: it runs in inference mode (BatchNorm uses its running statistics) and gets no
 * gradient. The parameters are one flat vector whose first
 * {@link #backboneParameterCount()} entries are the backbone's, in the backbone's order.
 *
 * <p>Training is split the way a data-parallel run needs it: {@link #gradient} sums the
 * gradient over some images (any partition, in chunks), {@link PartitionGradient#merge} adds
 * partitions in order, and {@link #step} takes one Adam step with the sum on the driver.
 */
public final class SupervisedModel {

    /** Coordinate of the head's draw in {@link RandomKey}'s space. */
    private static final long HEAD_KEY = 0x4EAD;

    private final MultiLayerNetwork network;
    private final long backboneParameters;
    private final int classes;
    /** Flat indices of BatchNorm running means and variances; see {@link #step}. */
    private final int[] runningStatistics;

    private SupervisedModel(MultiLayerNetwork network, long backboneParameters, int classes) {
        this.network = network;
        this.backboneParameters = backboneParameters;
        this.classes = classes;
        this.runningStatistics = runningStatisticIndices(network);
        // The driver steps with gradients computed elsewhere, so it needs the views up front.
        network.initGradientsView();
    }

    private static int[] runningStatisticIndices(MultiLayerNetwork network) {
        List<Integer> indices = new ArrayList<>();
        int offset = 0;
        for (Map.Entry<String, INDArray> entry : network.paramTable().entrySet()) {
            String name = entry.getKey().substring(entry.getKey().indexOf('_') + 1);
            int layer = Integer.parseInt(entry.getKey().substring(0,
                    entry.getKey().indexOf('_')));
            boolean batchNorm = network.getLayer(layer).conf().getLayer()
                    instanceof BatchNormalization;
            boolean running = name.equals(BatchNormalizationParamInitializer.GLOBAL_MEAN)
                    || name.equals(BatchNormalizationParamInitializer.GLOBAL_VAR);
            int length = (int) entry.getValue().length();
            for (int i = 0; batchNorm && running && i < length; i++) {
                indices.add(offset + i);
            }
            offset += length;
        }
        return indices.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The backbone (its weights copied, not shared) with a freshly initialised head. */
    public static SupervisedModel create(Backbone backbone, int classes,
                                         SupervisedSettings settings) {
        ModelSpec spec = backbone.spec();
        int last = spec.depth() - 1;
        int resolution = spec.outputResolutionOf(last);
        int pooled = Math.min(settings.featureGrid(), resolution);
        if (resolution % pooled != 0) {
            throw new IllegalArgumentException("supervised.featureGrid " + settings.featureGrid()
                    + " does not divide the last block's " + resolution + "x" + resolution
                    + " output; choose a divisor of " + resolution);
        }
        MultiLayerNetwork base = backbone.network().clone();
        FineTuneConfiguration.Builder optimiser = new FineTuneConfiguration.Builder()
                .updater(new Adam(settings.learningRate())).seed(settings.seed());
        if (settings.weightDecay() > 0) {
            optimiser.weightDecay(settings.weightDecay());
        }
        TransferLearning.Builder builder = new TransferLearning.Builder(base)
                .fineTuneConfiguration(optimiser.build());
        if (settings.freezeBackbone()) {
            builder.setFeatureExtractor(base.getnLayers() - 1);
        }
        int headLayer = base.getnLayers();
        if (pooled < resolution) {
            int window = resolution / pooled;
            builder.addLayer(new SubsamplingLayer.Builder(PoolingType.AVG)
                    .kernelSize(window, window).stride(window, window)
                    .convolutionMode(ConvolutionMode.Truncate).build());
            headLayer++;
        }
        int channels = spec.channels().get(last);
        builder.addLayer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn((long) channels * pooled * pooled).nOut(classes)
                .activation(new ActivationSoftmax()).weightInit(WeightInit.XAVIER).build());
        builder.setInputPreProcessor(headLayer,
                new CnnToFeedForwardPreProcessor(pooled, pooled, channels));
        MultiLayerNetwork network = builder.build();
        initialiseHead(network.getLayer(headLayer), settings.seed());
        return new SupervisedModel(network, backbone.network().numParams(), classes);
    }

    /**
     * Xavier-normal weights (Glorot and Bengio, AISTATS 2010) from the seed, zero bias.
     * Deeplearning4j's transfer-learning builder initialises added layers from a generator
     * that the network's seed does not reset (two builds gave different heads), so the head
     * is drawn here instead.
     */
    private static void initialiseHead(org.deeplearning4j.nn.api.Layer head, long seed) {
        INDArray weights = head.getParam(DefaultParamInitializer.WEIGHT_KEY);
        double std = Math.sqrt(2.0 / (weights.size(0) + weights.size(1)));
        SplittableRandom random = new SplittableRandom(RandomKey.of(seed, HEAD_KEY).seed());
        float[] values = new float[(int) weights.length()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (std * gaussian(random));
        }
        weights.assign(Nd4j.create(values, weights.shape(), weights.ordering()));
        head.getParam(DefaultParamInitializer.BIAS_KEY).assign(0);
    }

    /** A standard normal draw (Box-Muller), since SplittableRandom has none on Java 17. */
    private static double gaussian(SplittableRandom random) {
        double radius = Math.sqrt(-2 * Math.log(1 - random.nextDouble()));
        return radius * Math.cos(2 * Math.PI * random.nextDouble());
    }

    /**
     * A copy of a model from its {@link #configurationJson()}, for executors: same layers and
     * parameter layout, parameters to be set with {@link #setParameters}.
     */
    public static SupervisedModel fromConfiguration(String json, long backboneParameters,
                                                    int classes) {
        MultiLayerNetwork network = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
        network.init();
        return new SupervisedModel(network, backboneParameters, classes);
    }

    public String configurationJson() {
        return network.getLayerWiseConfigurations().toJson();
    }

    public MultiLayerNetwork network() {
        return network;
    }

    public int classes() {
        return classes;
    }

    /** How many of the leading parameters are the backbone's. */
    public long backboneParameterCount() {
        return backboneParameters;
    }

    /** A copy of every parameter, backbone first. */
    public float[] parameters() {
        return network.params().dup().data().asFloat();
    }

    /** A copy of the backbone's parameters only, in {@link Backbone}'s layout. */
    public INDArray backboneParameters() {
        return network.params().reshape(-1).get(NDArrayIndex.interval(0, backboneParameters))
                .dup();
    }

    public void setParameters(float[] parameters) {
        network.setParams(Nd4j.createFromArray(parameters).reshape(1, parameters.length));
    }

    /**
     * The loss gradient summed over the images at {@code indices} of {@code images}, a chunk
     * of {@code chunkSize} images per forward and backward pass. BatchNorm designs normalise
     * with each chunk's own statistics, as data-parallel training without synchronised
     * BatchNorm does.
     */
    public PartitionGradient gradient(ImageBlock images, int[] indices, ChannelStats stats,
                                      int chunkSize) {
        PartitionGradient sum = PartitionGradient.empty(network.numParams());
        for (int from = 0; from < indices.length; from += chunkSize) {
            int[] chunk = Arrays.copyOfRange(indices, from,
                    Math.min(indices.length, from + chunkSize));
            network.setInput(images.batch(chunk, stats));
            network.setLabels(oneHot(images, chunk));
            network.computeGradientAndScore();
            sum.add(network.gradient().gradient(), network.score() * chunk.length,
                    chunk.length, runningStatistics);
        }
        network.clear();
        return sum;
    }

    /**
     * One Adam step with a gradient summed over {@code merged.images()} images: what
     * Deeplearning4j's own {@code fit} does with one batch of that many images. The loss
     * gradient is a sum over images (the updater divides it by the batch size), but a
     * BatchNorm layer's running-statistic entries are one moving-average step per pass, so
     * those are carried image-weighted and divided by the image count here: the running
     * averages then move towards the mean of the chunks' batch statistics.
     */
    public void step(PartitionGradient merged, int iteration, int epoch) {
        if (merged.images() == 0) {
            return;
        }
        float[] values = merged.gradient().clone();
        for (int index : runningStatistics) {
            values[index] /= merged.images();
        }
        INDArray gradient = network.getFlattenedGradients();
        gradient.assign(Nd4j.createFromArray(values).reshape(gradient.shape()));
        network.getUpdater().update(network, gradientViews(gradient), iteration, epoch,
                (int) merged.images(), LayerWorkspaceMgr.noWorkspaces());
        INDArray parameters = network.params();
        parameters.subi(gradient.reshape(parameters.shape()));
    }

    /** The flat gradient with a view per parameter, as a backward pass would have left it. */
    private Gradient gradientViews(INDArray flat) {
        Gradient gradient = new DefaultGradient(flat);
        for (int index = 0; index < network.getnLayers(); index++) {
            org.deeplearning4j.nn.api.Layer layer = network.getLayer(index);
            if (layer.numParams() == 0 || layer.getGradientsViewArray() == null) {
                continue; // no parameters, or frozen: nothing to update
            }
            Map<String, INDArray> views = layer.conf().getLayer().initializer()
                    .getGradientsFromFlattened(layer.conf(), layer.getGradientsViewArray());
            for (Map.Entry<String, INDArray> view : views.entrySet()) {
                gradient.setGradientFor(index + "_" + view.getKey(), view.getValue());
            }
        }
        return gradient;
    }

    /** How many images of {@code images} the model classifies correctly (inference mode). */
    public long correct(ImageBlock images, ChannelStats stats, int chunkSize) {
        long correct = 0;
        for (int from = 0; from < images.size(); from += chunkSize) {
            int[] chunk = ImageBlock.range(from, Math.min(images.size(), from + chunkSize));
            int[] predicted = network.output(images.batch(chunk, stats), false).argMax(1)
                    .toIntVector();
            for (int i = 0; i < chunk.length; i++) {
                correct += predicted[i] == images.label(chunk[i]) ? 1 : 0;
            }
        }
        return correct;
    }

    private INDArray oneHot(ImageBlock images, int[] chunk) {
        float[] values = new float[chunk.length * classes];
        for (int i = 0; i < chunk.length; i++) {
            int label = images.label(chunk[i]);
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("image " + images.id(chunk[i]) + " has label "
                        + label + ", outside [0, " + classes + "); supervised training needs a"
                        + " labelled split whose labels match the manifest's classes");
            }
            values[i * classes + label] = 1f;
        }
        return Nd4j.create(values, new long[] {chunk.length, classes}, 'c')
                .castTo(DataType.FLOAT);
    }
}
