package ai.liouna.rule;

import ai.liouna.model.Backbone;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * SoftHebb: Hebbian plasticity in a soft winner-take-all, layer by layer and without feedback.
 * From Journé, Garcia Rodriguez, Guo and Moraitis, "Hebbian Deep Learning Without Feedback",
 * ICLR 2023; the baseline the Liouna paper compares against (its Appendix D).
 *
 * <p>Per convolution, with pre-activations u = W x at every position and image:
 * <ul>
 *   <li>soft winner-take-all over output channels, y = softmax(u / T);</li>
 *   <li>soft anti-Hebbian sign: the winner (argmax u) keeps +y, every other neuron gets -y;</li>
 *   <li>the plastic update dW_i = sum over images and positions of y_i (x - u_i W_i), that is
 *       sum(y_i x) - sum(y_i u_i) W_i;</li>
 *   <li>the step divides the update by its largest absolute entry and scales each neuron by
 *       the norm-dependent learning rate eta_i = eta0 |norm(W_i) - 1|^p: the rule drives every
 *       neuron towards norm 1, so a neuron's step shrinks as it gets there.</li>
 * </ul>
 *
 * <p>Weights start at norm {@code model.initRadius} (25 in both papers) with
 * {@code model.init = softhebb}. Within a step every worker sees the same W, so each reports
 * sum(y x) - sum(y u) W for its images and the merge of those sums is the whole batch's update.
 *
 * <p>Unlike the SoftHebb code base, convolutions pad with zeros (the backbone's own padding),
 * not by reflection.
 */
public final class SoftHebbRule implements LocalRule {

    /** The norm the SoftHebb update converges to: the fixed point of y (x - u W). */
    public static final double CONVERGED_NORM = 1.0;

    private final SoftHebbSettings settings;
    private final L1ConvolutionGradient.Engine engine;
    private final TrainedBlocks trained;

    /** The rule training every block. */
    public SoftHebbRule(SoftHebbSettings settings, L1ConvolutionGradient.Engine engine) {
        this(settings, engine, TrainedBlocks.all());
    }

    public SoftHebbRule(SoftHebbSettings settings, L1ConvolutionGradient.Engine engine,
                        TrainedBlocks trained) {
        this.settings = settings;
        this.engine = engine;
        this.trained = trained;
    }

    public SoftHebbSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "softhebb";
    }

    @Override
    public TrainedBlocks trainedBlocks() {
        return trained;
    }

    /**
     * SoftHebb constrains nothing (its initial norm comes from the weight init scheme), so this
     * only checks that the temperatures fit the backbone's depth.
     */
    @Override
    public void prepare(Backbone backbone) {
        for (int block = 0; block < backbone.depth(); block++) {
            settings.temperature(block, backbone.depth());
        }
    }

    @Override
    public LocalUpdate computeUpdate(Backbone backbone, INDArray images, RandomKey key) {
        try (MemoryWorkspace workspace = StepWorkspace.open("softhebb-update")) {
            return computeInWorkspace(backbone, images);
        }
    }

    private LocalUpdate computeInWorkspace(Backbone backbone, INDArray images) {
        int deepest = trained.deepest(backbone.depth());
        Backbone.Activations activations = backbone.forwardThrough(images, true, deepest);
        LocalUpdate update = LocalUpdates.shapedFor(backbone, trained);
        for (int block = 0; block <= deepest; block++) {
            if (!trained.includes(block)) {
                continue;
            }
            accumulateBlock(backbone, block, activations.convolutionInput(block),
                    activations.convolutionOutput(block), update);
            if (backbone.hasBatchNorm()) {
                BatchNormStatistics.collect(update, block, activations.blockInput(block));
            }
        }
        update.addImages(images.size(0));
        return update;
    }

    private void accumulateBlock(Backbone backbone, int block, INDArray input,
                                 INDArray preActivations, LocalUpdate update) {
        INDArray weights = backbone.convolutionWeights(block);
        Competition competition = softAntiHebbian(preActivations,
                settings.temperature(block, backbone.depth()));
        INDArray post = competition.postActivations();

        INDArray hebbian = PatchCorrelation.sum(input, post, weights, engine);
        INDArray decay = post.mul(preActivations).sum(0, 2, 3);
        long neurons = weights.size(0);
        INDArray delta = hebbian.reshape('c', neurons, hebbian.length() / neurons)
                .subi(weights.reshape('c', neurons, weights.length() / neurons)
                        .mulColumnVector(decay.reshape(neurons, 1)));

        System.arraycopy(delta.dup('c').data().asFloat(), 0, update.gradientSum(block), 0,
                (int) delta.length());
        update.addLoss(block, competition.lossSum(), preActivations.length() / neurons);
    }

    /**
     * The signed post-synaptic activations of one convolution, [n, out, h, w], and the sum over
     * positions of -log y_winner: the cross-entropy of the soft competition against its own
     * hard winner, which the metrics report as this rule's local loss.
     */
    record Competition(INDArray postActivations, double lossSum) {
    }

    /**
     * y = softmax(u / T) over channels (axis 1), with the winner's sign kept and every other
     * neuron's flipped.
     */
    static Competition softAntiHebbian(INDArray preActivations, double temperature) {
        INDArray shifted = preActivations.div(temperature);
        shifted.subi(shifted.max(true, 1));
        INDArray post = Transforms.exp(shifted, true);
        INDArray partition = post.sum(true, 1);
        post.divi(partition);
        double lossSum = Transforms.log(partition, false).sumNumber().doubleValue();
        // After the shift the winner is the one exact 0; a tie is a position where all inputs
        // are equal, e.g. an all-zero patch, where y x and y u are 0 for every neuron anyway.
        INDArray sign = shifted.eq(0.0).castTo(post.dataType()).muli(2.0).subi(1.0);
        return new Competition(post.muli(sign), lossSum);
    }

    @Override
    public void apply(Backbone backbone, LocalUpdate merged) {
        for (int block = 0; block < backbone.depth(); block++) {
            if (!trained.includes(block)) {
                continue;
            }
            INDArray weights = backbone.convolutionWeights(block);
            long neurons = weights.size(0);
            INDArray delta = Nd4j.createFromArray(merged.gradientSum(block))
                    .reshape(neurons, weights.length() / neurons);
            double largest = delta.amaxNumber().doubleValue();
            if (largest == 0) {
                continue;
            }
            INDArray rates = Nd4j.createFromArray(learningRates(weights))
                    .castTo(delta.dataType()).reshape(neurons, 1);
            INDArray step = delta.divi(largest).muliColumnVector(rates);
            weights.addi(step.reshape(weights.shape()));
        }
        BatchNormStatistics.apply(backbone, merged);
    }

    /** eta_i = eta0 |norm(W_i) - 1|^p for every neuron i of {@code weights} [out, ...]. */
    public double[] learningRates(INDArray weights) {
        long neurons = weights.size(0);
        double[] norms = weights.reshape('c', neurons, weights.length() / neurons).norm2(1)
                .toDoubleVector();
        double[] rates = new double[norms.length];
        for (int neuron = 0; neuron < norms.length; neuron++) {
            rates[neuron] = settings.learningRate() * Math.pow(
                    Math.abs(norms[neuron] - CONVERGED_NORM), settings.schedulerPower());
        }
        return rates;
    }
}
