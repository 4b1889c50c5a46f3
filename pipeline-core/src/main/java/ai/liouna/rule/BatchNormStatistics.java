package ai.liouna.rule;

import ai.liouna.model.Backbone;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * BatchNorm running statistics for backbones trained without backprop. Deeplearning4j updates
 * them only in its own backward pass, so local rules collect the per-channel moments of each
 * BatchNorm input and move the running averages once per step, from the merged moments of all
 * workers.
 */
public final class BatchNormStatistics {

    private BatchNormStatistics() {
    }

    /** Adds the per-channel moments of {@code blockInput} [n, c, h, w] to the update. */
    public static void collect(LocalUpdate update, int block, INDArray blockInput) {
        INDArray values = blockInput.castTo(DataType.DOUBLE);
        double[] sums = values.sum(0, 2, 3).toDoubleVector();
        double[] squareSums = values.mul(values).sum(0, 2, 3).toDoubleVector();
        long perChannel = blockInput.length() / blockInput.size(1);
        update.addInputMoments(block, sums, squareSums, perChannel);
    }

    /** running = (1 - momentum) running + momentum batch, as PyTorch's BatchNorm does. */
    public static void apply(Backbone backbone, LocalUpdate merged) {
        if (!backbone.hasBatchNorm()) {
            return;
        }
        double momentum = Backbone.BATCH_NORM_MOMENTUM;
        for (int block = 0; block < backbone.depth(); block++) {
            if (!merged.hasInputMoments(block)) {
                continue;
            }
            INDArray mean = backbone.batchNormMean(block);
            INDArray variance = backbone.batchNormVariance(block);
            INDArray batchMean = Nd4j.createFromArray(merged.inputMean(block))
                    .castTo(mean.dataType()).reshape(mean.shape());
            INDArray batchVariance = Nd4j.createFromArray(merged.inputVariance(block))
                    .castTo(variance.dataType()).reshape(variance.shape());
            mean.muli(1 - momentum).addi(batchMean.muli(momentum));
            variance.muli(1 - momentum).addi(batchVariance.muli(momentum));
        }
    }
}
