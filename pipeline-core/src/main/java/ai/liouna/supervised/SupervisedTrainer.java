package ai.liouna.supervised;

import java.util.ArrayList;
import java.util.List;

import ai.liouna.train.EpochPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epoch loop of supervised training: synchronous data-parallel Adam steps (every step's
 * gradient is summed over all partitions, then one step is taken), a validation top-1 after
 * every epoch, and the weights of the best validation epoch kept, as the paper's evaluation
 * chooses by validation (Rezk et al., WANT@ICML 2024, Section 3). Batches follow
 * {@link EpochPlan}, so a run is a function of the seed and the partitioning.
 */
public final class SupervisedTrainer {

    private static final Logger LOG = LoggerFactory.getLogger(SupervisedTrainer.class);

    private final SupervisedSettings settings;

    public SupervisedTrainer(SupervisedSettings settings) {
        this.settings = settings;
    }

    /** Trains {@code model} in place; it ends holding the kept epoch's weights. */
    public SupervisedResult train(SupervisedModel model, DataParallelGradients data) {
        long start = System.nanoTime();
        List<Double> losses = new ArrayList<>();
        List<Double> curve = new ArrayList<>();
        float[] best = model.parameters();
        double bestTop1 = Double.NaN;
        int bestEpoch = 0;
        int iteration = 0;
        long images = 0;
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            EpochPlan plan = new EpochPlan(data.partitionSizes(), settings.batchSize(),
                    settings.seed(), epoch);
            double lossSum = 0;
            long epochImages = 0;
            for (int step = 0; step < plan.steps(); step++) {
                PartitionGradient merged = data.gradient(model.parameters(), plan, step);
                model.step(merged, iteration++, epoch);
                lossSum += merged.meanLoss() * merged.images();
                epochImages += merged.images();
            }
            images += epochImages;
            losses.add(lossSum / epochImages);
            double top1 = top1(data.validationCounts(model.parameters()));
            curve.add(top1);
            LOG.info("supervised: epoch {}/{}, {} steps, training loss {}, validation top-1 {}",
                    epoch + 1, settings.epochs(), plan.steps(),
                    String.format("%.4f", lossSum / epochImages), percent(top1));
            if (Double.isNaN(top1) || Double.isNaN(bestTop1) || top1 > bestTop1) {
                bestTop1 = top1;
                bestEpoch = epoch + 1;
                best = model.parameters();
            } else if (settings.patience() > 0 && epoch + 1 - bestEpoch >= settings.patience()) {
                break;
            }
        }
        model.setParameters(best);
        return new SupervisedResult(bestTop1, bestEpoch, curve.size(), losses, curve,
                iteration, images, (System.nanoTime() - start) / 1e9);
    }

    private static double top1(long[] counts) {
        return counts[1] == 0 ? Double.NaN : (double) counts[0] / counts[1];
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format("%.2f%%", 100 * fraction);
    }
}
