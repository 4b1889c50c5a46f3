package ai.liouna.rule;

import java.util.Map;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/** Gradients of the local losses by SameDiff's automatic differentiation, for comparison. */
final class AutodiffReference {

    private AutodiffReference() {
    }

    /** d/dW of sum |conv(x, W) - conv(maskedX, W)|, differentiated through both branches. */
    static INDArray jointGradient(INDArray weights, INDArray x, INDArray maskedX) {
        SameDiff graph = SameDiff.create();
        SDVariable w = graph.var("w", toKernelMajor(weights));
        SDVariable clean = graph.cnn().conv2d(graph.constant("x", x), w, config(weights));
        SDVariable masked = graph.cnn().conv2d(graph.constant("xm", maskedX), w, config(weights));
        SDVariable loss = graph.math().abs(clean.sub(masked)).sum();
        return gradient(graph, loss);
    }

    /** d/dW of sum |conv(maskedX, W) - target| with the target held fixed. */
    static INDArray detachedGradient(INDArray weights, INDArray maskedX, INDArray target) {
        SameDiff graph = SameDiff.create();
        SDVariable w = graph.var("w", toKernelMajor(weights));
        SDVariable masked = graph.cnn().conv2d(graph.constant("xm", maskedX), w, config(weights));
        SDVariable loss = graph.math().abs(masked.sub(graph.constant("t", target))).sum();
        return gradient(graph, loss);
    }

    private static INDArray gradient(SameDiff graph, SDVariable loss) {
        graph.setLossVariables(loss);
        Map<String, INDArray> gradients = graph.calculateGradients(null, "w");
        return gradients.get("w").permute(3, 2, 0, 1).dup('c');
    }

    /**
     * SameDiff's conv2d backward pass fails shape validation for [out, in, k, k] weights in
     * this ND4J version, so the reference runs on [k, k, in, out] weights instead.
     */
    private static INDArray toKernelMajor(INDArray weights) {
        return weights.permute(2, 3, 1, 0).dup('c');
    }

    private static Conv2DConfig config(INDArray weights) {
        int kernel = (int) weights.size(2);
        return Conv2DConfig.builder()
                .kH(kernel).kW(kernel).sH(1).sW(1).pH(kernel / 2).pW(kernel / 2).dH(1).dW(1)
                .paddingMode(PaddingMode.VALID)
                .dataFormat("NCHW")
                .weightsFormat(WeightsFormat.YXIO)
                .build();
    }
}
