package ai.liouna.rule;

import java.util.Locale;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one computation both Liouna updates reduce to: for a convolution f with weights W (stride
 * 1, "same" padding, no bias), a probe input p and a fixed target t,
 *
 * <pre>  loss = sum |f(p) - t|_1        gradient = sum sign(f(p) - t) (x) p</pre>
 *
 * <p>where (x) is the outer product a convolution's weight gradient takes. The joint update is
 * p = x - x~, t = 0; the detached update is p = x~, t = f(x). Neither needs a gradient with
 * respect to the input, so none is computed.
 */
public interface L1ConvolutionGradient {

    /**
     * Adds the weight gradient into {@code gradientSum} (shaped like {@code weights}) and returns
     * the loss sum.
     *
     * @param weights     [out, in, k, k]
     * @param probe       [n, in, h, w]
     * @param target      [n, out, h, w], or null for a zero target
     * @param gradientSum [out, in, k, k], accumulated into
     */
    double accumulate(INDArray weights, INDArray probe, INDArray target, INDArray gradientSum);

    /** Which implementation computes the convolutions. */
    enum Engine {
        /** im2col and BLAS matrix products, reusing one unfolded input for both passes (CPU). */
        IM2COL,
        /** libnd4j's conv2d and conv2d_bp ops, which run on cuDNN under the CUDA backend. */
        NATIVE,
        /** IM2COL on the CPU backend, NATIVE on a GPU backend. */
        AUTO;

        public static Engine fromConfig(String value) {
            return LiounaSettings.parse(Engine.class, "pretrain.convolutionEngine", value);
        }

        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static L1ConvolutionGradient create(Engine engine) {
        Engine resolved = engine == Engine.AUTO ? (isGpuBackend() ? Engine.NATIVE : Engine.IM2COL)
                : engine;
        return resolved == Engine.IM2COL ? new Im2colL1Gradient() : new NativeL1Gradient();
    }

    static boolean isGpuBackend() {
        return !Nd4j.getEnvironment().isCPU();
    }
}
