package ai.liouna.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;

import ai.liouna.model.Backbone;
import ai.liouna.model.BlockDesign;
import ai.liouna.model.BlockOps;
import ai.liouna.model.ModelSpec;
import ai.liouna.model.WeightInitScheme;
import ai.liouna.rule.L1ConvolutionGradient;
import ai.liouna.rule.LiounaRule;
import ai.liouna.rule.LiounaSettings;
import ai.liouna.rule.LocalUpdate;
import ai.liouna.rule.RandomKey;
import ai.liouna.rule.StepWorkspace;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One Liouna step (forward, masks, both updates of every block, SGD step and projection) of the
 * paper's CIFAR network: 3 blocks, 64-128-256 channels, kernels 5-3-3, 32x32 images. Beside it,
 * the three clean convolutions alone, to relate the step's rate to what the convolution op
 * reaches on the same machine in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LiounaStepBenchmark {

    /** Images per step. */
    @Param("256")
    public int batch;

    /** {@link L1ConvolutionGradient.Engine} of the rule's convolutions. */
    @Param({"im2col", "native"})
    public String engine;

    /** Block design. */
    @Param("ours")
    public String design;

    private Backbone backbone;
    private LiounaRule rule;
    private INDArray images;
    private long step;

    public static ModelSpec cifarSpec(BlockDesign design) {
        return new ModelSpec(design, 3, 32, List.of(64, 128, 256), List.of(5, 3, 3),
                WeightInitScheme.KAIMING, 25.0, 1L);
    }

    @Setup(Level.Trial)
    public void setUp() {
        backbone = Backbone.create(cifarSpec(BlockDesign.fromConfig(design)));
        rule = new LiounaRule(new LiounaSettings(0.5, 0.8, 0.3, LiounaSettings.Update.JOINT,
                LiounaSettings.MaskScaling.PLAIN, LiounaSettings.Masking.LOCAL,
                LiounaSettings.KAIMING_NEURON_NORM),
                L1ConvolutionGradient.Engine.fromConfig(engine));
        rule.prepare(backbone);
        Nd4j.getRandom().setSeed(7);
        images = Nd4j.randn(DataType.FLOAT, batch, 3, 32, 32);
    }

    @Benchmark
    public LocalUpdate step() {
        LocalUpdate update = rule.computeUpdate(backbone, images, RandomKey.of(1, step++));
        rule.apply(backbone, update);
        return update;
    }

    @Benchmark
    public double cleanConvolutions() {
        try (MemoryWorkspace workspace = StepWorkspace.open("bench-convolutions")) {
            INDArray input = images;
            double checksum = 0;
            for (int block = 0; block < backbone.depth(); block++) {
                INDArray output = BlockOps.convolve(input, backbone.convolutionWeights(block));
                checksum += output.getDouble(0);
                input = BlockOps.averagePool(output);
            }
            return checksum;
        }
    }
}
