package ai.liouna.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

import ai.liouna.model.BlockDesign;
import ai.liouna.model.ModelSpec;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link LiounaStepBenchmark} and prints, per variant, the median time of one step, the
 * images per second and the effective GFLOP/s (three convolution passes per block per step:
 * the clean forward, the masked forward and the weight gradient). With {@code pretrain} as
 * its first argument it runs {@link PretrainThroughput} with the remaining arguments instead,
 * with {@code ingest-memory} {@link IngestMemory}.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("pretrain")) {
            PretrainThroughput.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("ingest-memory")) {
            IngestMemory.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        String jvmOpens = System.getProperty("bench.jvmArgs", "");
        Options options = new OptionsBuilder()
                .include(LiounaStepBenchmark.class.getSimpleName())
                .warmupIterations(2).warmupTime(TimeValue.seconds(10))
                .measurementIterations(5).measurementTime(TimeValue.seconds(10))
                .forks(1)
                .jvmArgsAppend(jvmOpens.isBlank() ? new String[0] : jvmOpens.trim().split("\\s+"))
                .build();
        Collection<RunResult> results = new Runner(options).run();

        ModelSpec spec = LiounaStepBenchmark.cifarSpec(BlockDesign.OURS);
        double convolutionFlops = convolutionFlopsPerImage(spec);
        System.out.println();
        System.out.println("benchmark              engine  batch  median ms  images/s  GFLOP/s");
        for (RunResult result : results) {
            var params = result.getParams();
            int batch = Integer.parseInt(params.getParam("batch"));
            String benchmark = params.getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            double medianMs = result.getPrimaryResult().getStatistics().getPercentile(50);
            double passes = method.equals("step") ? 3 : 1;
            double gflops = passes * convolutionFlops * batch / (medianMs / 1e3) / 1e9;
            System.out.println(String.format(Locale.ROOT, "%-22s %-7s %5d %10.1f %9.1f %8.1f",
                    method, params.getParam("engine"), batch, medianMs,
                    batch / (medianMs / 1e3), gflops));
        }
    }

    /** 2 * out * in * k * k * h * w summed over the blocks' convolutions. */
    static double convolutionFlopsPerImage(ModelSpec spec) {
        double flops = 0;
        for (int block = 0; block < spec.depth(); block++) {
            double kernel = spec.kernelSizes().get(block);
            double resolution = spec.resolutionOf(block);
            flops += 2.0 * spec.channels().get(block) * spec.inputChannelsOf(block)
                    * kernel * kernel * resolution * resolution;
        }
        return flops;
    }
}
