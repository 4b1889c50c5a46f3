package ai.liouna.rule;

import ai.liouna.model.Backbone;
import ai.liouna.model.NeuronNorms;
import ai.liouna.rule.LiounaSettings.Masking;
import ai.liouna.rule.LiounaSettings.MaskScaling;
import ai.liouna.rule.LiounaSettings.Update;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Liouna: masked prediction in representation space, learned layer by layer without backprop.
 * From Rezk, Antoniou, Gouk and Hospedales, "Liouna: Biologically Plausible Learning for
 * Efficient Pre-Training of Transferrable Deep Models", WANT@ICML 2024.
 *
 * <p>For every convolution f with clean input x (the detached output of the layer below) and a
 * Bernoulli-masked copy x~, the local loss is |f(x) - f(x~)|_1 / numel (eq. 1). All layers
 * update from one forward pass; after the SGD step every neuron is projected back to norm c
 * (eqs. 5-6).
 * With {@link TrainedBlocks} naming a subset, only those blocks learn and the forward pass
 * stops after the deepest of them; each block's masks are keyed by its own index, so its update
 * is the one it would get in the all-blocks pass.
 */
public final class LiounaRule implements LocalRule {

    private final LiounaSettings settings;
    private final L1ConvolutionGradient.Engine engine;
    private final TrainedBlocks trained;
    private transient L1ConvolutionGradient kernel;

    /** The rule training every block. */
    public LiounaRule(LiounaSettings settings, L1ConvolutionGradient.Engine engine) {
        this(settings, engine, TrainedBlocks.all());
    }

    public LiounaRule(LiounaSettings settings, L1ConvolutionGradient.Engine engine,
                      TrainedBlocks trained) {
        this.settings = settings;
        this.engine = engine;
        this.trained = trained;
    }

    public LiounaSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "liouna";
    }

    @Override
    public TrainedBlocks trainedBlocks() {
        return trained;
    }

    @Override
    public void prepare(Backbone backbone) {
        for (int block = 0; block < backbone.depth(); block++) {
            if (trained.includes(block)) {
                NeuronNorms.project(backbone.convolutionWeights(block), settings.neuronNorm());
            }
        }
    }

    @Override
    public LocalUpdate computeUpdate(Backbone backbone, INDArray images, RandomKey key) {
        try (MemoryWorkspace workspace = StepWorkspace.open("liouna-update")) {
            return computeInWorkspace(backbone, images, key);
        }
    }

    private LocalUpdate computeInWorkspace(Backbone backbone, INDArray images, RandomKey key) {
        int deepest = trained.deepest(backbone.depth());
        double[] ratios = maskRatios(backbone);
        Backbone.Activations clean = backbone.forwardThrough(images, true, deepest);
        Backbone.Activations masked = settings.masking() == Masking.GLOBAL
                ? backbone.forwardThrough(mask(images, ratios[0], key.derive(-1)), true, deepest)
                : null;
        LocalUpdate update = LocalUpdates.shapedFor(backbone, trained);
        for (int block = 0; block <= deepest; block++) {
            if (!trained.includes(block)) {
                continue;
            }
            INDArray input = clean.convolutionInput(block);
            INDArray maskedInput = masked != null ? masked.convolutionInput(block)
                    : mask(input, ratios[block], key.derive(block));
            accumulateBlock(backbone, block, input, maskedInput, clean.convolutionOutput(block),
                    update);
            if (backbone.hasBatchNorm()) {
                BatchNormStatistics.collect(update, block, clean.blockInput(block));
            }
        }
        update.addImages(images.size(0));
        return update;
    }

    /** The per-block mask ratios, max at the first block to min at the last. */
    public double[] maskRatios(Backbone backbone) {
        return MaskSchedule.linear(settings.maskRatioMax(), settings.maskRatioMin(),
                backbone.depth());
    }

    private INDArray mask(INDArray input, double ratio, RandomKey key) {
        boolean rescale = settings.maskScaling() == MaskScaling.RESCALED;
        return input.mul(Masks.bernoulli(input, ratio, rescale, key));
    }

    private void accumulateBlock(Backbone backbone, int block, INDArray input,
                                 INDArray maskedInput, INDArray cleanOutput, LocalUpdate update) {
        INDArray weights = backbone.convolutionWeights(block);
        INDArray gradient = Nd4j.zeros(weights.dataType(), weights.shape());
        double loss;
        if (settings.update() == Update.JOINT) {
            // f is linear, so f(x) - f(x~) = f(x - x~): one convolution of the dropped part.
            loss = kernel().accumulate(weights, input.sub(maskedInput), null, gradient);
        } else {
            loss = kernel().accumulate(weights, maskedInput, cleanOutput, gradient);
        }
        System.arraycopy(gradient.data().asFloat(), 0, update.gradientSum(block), 0,
                (int) gradient.length());
        update.addLoss(block, loss, cleanOutput.length());
    }

    @Override
    public void apply(Backbone backbone, LocalUpdate merged) {
        for (int block = 0; block < backbone.depth(); block++) {
            if (!trained.includes(block)) {
                continue;
            }
            INDArray weights = backbone.convolutionWeights(block);
            INDArray gradient = Nd4j.createFromArray(merged.gradientSum(block))
                    .reshape(weights.shape());
            double scale = settings.learningRate() / merged.outputElements(block);
            weights.subi(gradient.muli(scale));
            NeuronNorms.project(weights, settings.neuronNorm());
        }
        BatchNormStatistics.apply(backbone, merged);
    }

    private L1ConvolutionGradient kernel() {
        if (kernel == null) {
            kernel = L1ConvolutionGradient.create(engine);
        }
        return kernel;
    }
}
