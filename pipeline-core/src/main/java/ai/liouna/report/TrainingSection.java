package ai.liouna.report;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ai.liouna.train.StepMetrics;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The pretraining part of a report: the run's totals and the curves of its per-step metrics
 * (local loss and neuron norm per block, throughput).
 */
final class TrainingSection {

    private TrainingSection() {
    }

    static void add(HtmlPage page, ReportInputs inputs, ChartSize size, List<Figure> figures) {
        List<StepMetrics> steps = inputs.steps();
        if (steps.isEmpty() && inputs.pretrainSummary() == null) {
            return;
        }
        page.heading(2, "Pretraining");
        if (inputs.pretrainSummary() != null) {
            page.facts(totals(inputs.pretrainSummary().path("metrics")));
        }
        if (steps.isEmpty()) {
            page.note("No per-step metrics (pretrain/metrics.jsonl) were found, or the run"
                    + " trained no steps.");
            return;
        }
        add(page, figures, new Figure("training-loss.png", "Mean local loss of each block"
                + " before each step's update. It should fall, fastest in the first epoch.",
                Charts.png(TrainingCurves.loss(steps, size))));
        add(page, figures, new Figure("training-neuron-norm.png", "Mean neuron L2 norm of each"
                + " block after each step. The rule projects every neuron back to the"
                + " configured norm, so these lines should stay flat at that value.",
                Charts.png(TrainingCurves.neuronNorm(steps, size))));
        add(page, figures, new Figure("training-throughput.png", "Images per second of each"
                + " step, compute and synchronisation; dips mark checkpoints, retried tasks or"
                + " busy executors.", Charts.png(TrainingCurves.throughput(steps, size))));
    }

    private static void add(HtmlPage page, List<Figure> figures, Figure figure) {
        figures.add(figure);
        page.figure(figure);
    }

    private static Map<String, String> totals(JsonNode metrics) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("steps", metrics.path("steps").asText());
        facts.put("images trained", metrics.path("imagesTrained").asText());
        facts.put("images per second", ReportFormat.number(
                metrics.path("imagesPerSecond").asDouble(Double.NaN), 1));
        facts.put("convolution weights", metrics.path("convolutionWeights").asText());
        facts.put("final loss per block", list(metrics.path("finalBlockLoss"), 4));
        facts.put("final neuron norm per block", list(metrics.path("finalNeuronNorm"), 3));
        return facts;
    }

    private static String list(JsonNode values, int decimals) {
        if (!values.isArray()) {
            return ReportFormat.MISSING;
        }
        double[] numbers = new double[values.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = values.get(i).asDouble(Double.NaN);
        }
        return Arrays.stream(numbers).mapToObj(value -> ReportFormat.number(value, decimals))
                .collect(Collectors.joining(", "));
    }
}
