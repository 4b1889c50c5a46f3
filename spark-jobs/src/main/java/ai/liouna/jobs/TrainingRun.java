package ai.liouna.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import ai.liouna.config.Settings;
import ai.liouna.model.Backbone;
import ai.liouna.rule.LocalRule;
import ai.liouna.train.EpochPlan;
import ai.liouna.train.StepMetrics;
import ai.liouna.train.TrainingState;
import ai.liouna.util.CodeVersion;
import ai.liouna.util.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's loop over epochs and rounds of a pretraining run: resumes from the newest
 * checkpoint when asked, hands each round to the data-parallel protocol, stops on non-finite
 * weights or losses, writes checkpoints and metrics, and reports progress.
 */
final class TrainingRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    private final JobContext context;
    private final Settings settings;
    private final Backbone backbone;
    private final DataParallelProtocol protocol;
    private final CheckpointStore checkpoints;
    private final FaultPlan faults;
    private final List<StepMetrics> metrics = new ArrayList<>();

    TrainingRun(JobContext context, Backbone backbone, DataParallelProtocol protocol,
                CheckpointStore checkpoints) {
        this.context = context;
        this.settings = context.settings();
        this.backbone = backbone;
        this.protocol = protocol;
        this.checkpoints = checkpoints;
        this.faults = FaultPlan.from(settings);
    }

    /** Trains all epochs (or what remains of them) and returns the metrics of every step. */
    List<StepMetrics> start(LocalRule rule, long[] partitionSizes) {
        TrainingState position = resumeOrPrepare(rule);
        int epochs = settings.getInt("pretrain.epochs");
        int batchSize = settings.getInt("pretrain.batchSize");
        int checkpointEvery = settings.getInt("pretrain.checkpointEvery");
        long seed = settings.getLong("run.seed");
        Progress progress = new Progress(epochs);
        String blocks = rule.trainedBlocks().isAll() ? "all " + backbone.depth() + " blocks"
                : rule.trainedBlocks() + " of " + backbone.depth();
        long globalStep = position.globalStep();
        for (int epoch = position.epoch(); epoch < epochs; epoch++) {
            EpochPlan plan = new EpochPlan(partitionSizes, batchSize, seed, epoch);
            int step = epoch == position.epoch() ? position.step() : 0;
            while (step < plan.steps()) {
                int end = roundEnd(step, plan.steps(), globalStep, checkpointEvery);
                context.describe(String.format("epoch %d/%d, steps %d-%d of %d, %s",
                        epoch + 1, epochs, step + 1, end, plan.steps(), blocks));
                List<StepMetrics> round = protocol.train(backbone, plan, epoch, step, end,
                        globalStep);
                checkFinite(round, rule);
                metrics.addAll(round);
                round.forEach(result -> progress.report(result, plan.steps()));
                globalStep += end - step;
                step = end;
                if (checkpointEvery > 0 && globalStep % checkpointEvery == 0) {
                    checkpoint(state(step < plan.steps() ? epoch : epoch + 1,
                            step < plan.steps() ? step : 0, globalStep, rule));
                }
                faults.afterSteps(globalStep - round.size(), globalStep - 1);
            }
            context.files().writeText(context.output(PretrainJob.METRICS_FILE),
                    jsonLines(metrics));
            progress.endOfEpoch(epoch, metrics);
        }
        checkpoint(state(epochs, 0, globalStep, rule));
        return metrics;
    }

    private TrainingState resumeOrPrepare(LocalRule rule) {
        if (settings.getBoolean("pretrain.resume")) {
            Optional<CheckpointStore.Checkpoint> latest = checkpoints.latest();
            if (latest.isPresent()) {
                return restore(latest.get());
            }
            LOG.info("pretrain: resume asked but no checkpoint found; starting from step 0");
        }
        rule.prepare(backbone);
        return state(0, 0, 0, rule);
    }

    private TrainingState restore(CheckpointStore.Checkpoint checkpoint) {
        if (!checkpoint.backbone().spec().equals(backbone.spec())) {
            throw new IllegalArgumentException("checkpoint " + checkpoint.directory()
                    + " holds a " + checkpoint.backbone().spec() + " but the settings describe "
                    + backbone.spec() + "; resume with the run's original settings");
        }
        if (checkpoint.state().seed() != settings.getLong("run.seed")) {
            throw new IllegalArgumentException("checkpoint " + checkpoint.directory()
                    + " was trained with run.seed=" + checkpoint.state().seed()
                    + "; resume with the same seed");
        }
        backbone.network().setParams(checkpoint.backbone().network().params());
        for (String line : checkpoint.metrics().split("\n")) {
            if (!line.isBlank()) {
                metrics.add(Json.read(line, StepMetrics.class));
            }
        }
        LOG.info("pretrain: resuming from {} at epoch {} step {} (global step {})",
                checkpoint.directory(), checkpoint.state().epoch() + 1,
                checkpoint.state().step() + 1, checkpoint.state().globalStep());
        return checkpoint.state();
    }

    /** The end of the round starting at {@code step}, stopping at checkpoint boundaries. */
    private int roundEnd(int step, int steps, long globalStep, int checkpointEvery) {
        int end = Math.min(steps, step + protocol.stepsPerRound());
        if (checkpointEvery > 0) {
            long untilCheckpoint = checkpointEvery - globalStep % checkpointEvery;
            end = (int) Math.min(end, step + untilCheckpoint);
        }
        return end;
    }

    /** Frozen blocks have no loss (NaN), so only their weights are checked. */
    private void checkFinite(List<StepMetrics> round, LocalRule rule) {
        for (int block = 0; block < backbone.depth(); block++) {
            double weightSum = backbone.convolutionWeights(block).sumNumber().doubleValue();
            StepMetrics last = round.get(round.size() - 1);
            boolean lossFinite = !rule.trainedBlocks().includes(block)
                    || Double.isFinite(last.blockLoss()[block]);
            if (!Double.isFinite(weightSum) || !lossFinite) {
                throw new IllegalStateException(String.format("pretrain: block %d's %s became"
                        + " non-finite at epoch %d step %d (global step %d); the last good"
                        + " checkpoint is kept under %s. Lower the rule's learning rate"
                        + " (pretrain.learningRate, pretrain.softhebb.learningRate) or check"
                        + " the input data, then resume with pretrain.resume=true",
                        block + 1, Double.isFinite(weightSum) ? "local loss" : "weights",
                        last.epoch() + 1, last.step() + 1, last.globalStep(),
                        context.output("checkpoints")));
            }
        }
    }

    private void checkpoint(TrainingState state) {
        checkpoints.write(backbone, state, jsonLines(metrics));
    }

    private TrainingState state(int epoch, int step, long globalStep, LocalRule rule) {
        return new TrainingState(epoch, step, globalStep, settings.getLong("run.seed"),
                rule.name(), "sgd: stateless", settings.render(), CodeVersion.describe(),
                Instant.now().toString());
    }

    static String jsonLines(List<StepMetrics> steps) {
        StringBuilder lines = new StringBuilder();
        for (StepMetrics step : steps) {
            lines.append(Json.writeLine(step)).append('\n');
        }
        return lines.toString();
    }

    /** A console progress line: rate, loss per block ("-" where frozen) and time left. */
    private static final class Progress {
        private final int epochs;
        private final long started = System.nanoTime();
        private long lastReport;
        private long stepsThisRun;

        Progress(int epochs) {
            this.epochs = epochs;
        }

        void report(StepMetrics step, int stepsPerEpoch) {
            stepsThisRun++;
            long now = System.nanoTime();
            boolean last = step.step() == stepsPerEpoch - 1;
            if (now - lastReport < 10_000_000_000L && !last && stepsThisRun > 1) {
                return;
            }
            lastReport = now;
            long total = (long) epochs * stepsPerEpoch;
            double perStep = (now - started) / 1e9 / stepsThisRun;
            double remaining = perStep * (total - step.globalStep() - 1);
            LOG.info(String.format("pretrain: epoch %d/%d step %d/%d | %.0f img/s | loss %s |"
                            + " %s left", step.epoch() + 1, epochs, step.step() + 1,
                    stepsPerEpoch, step.imagesPerSecond(), format(step.blockLoss()),
                    duration(remaining)));
        }

        void endOfEpoch(int epoch, List<StepMetrics> metrics) {
            StepMetrics last = metrics.get(metrics.size() - 1);
            LOG.info("pretrain: epoch {}/{} done, loss per block {}", epoch + 1, epochs,
                    format(last.blockLoss()));
        }

        private static String format(double[] values) {
            StringBuilder text = new StringBuilder("[");
            for (double value : values) {
                text.append(text.length() > 1 ? " " : "")
                        .append(Double.isNaN(value) ? "-" : String.format("%.4f", value));
            }
            return text.append(']').toString();
        }

        private static String duration(double seconds) {
            long whole = Math.round(seconds);
            return whole >= 3600 ? String.format("%dh%02dm", whole / 3600, whole % 3600 / 60)
                    : String.format("%dm%02ds", whole / 60, whole % 60);
        }
    }
}
