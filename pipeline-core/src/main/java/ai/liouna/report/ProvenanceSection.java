package ai.liouna.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The head of a report: what was reported on, which code produced each result, the dataset
 * (from the manifest the jobs recorded), the model and training settings that matter most,
 * and the full resolved configurations folded away below.
 */
final class ProvenanceSection {

    private ProvenanceSection() {
    }

    static void add(HtmlPage page, ReportInputs inputs, String reportVersion,
                    String generatedAt) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("source", inputs.source());
        facts.put("kind", inputs.isExperiment() ? "experiment (results.csv)" : "single run");
        facts.put("generated", generatedAt + " by " + reportVersion);
        for (JsonNode summary : summaries(inputs)) {
            facts.put(summary.path("command").asText() + " run", summary.path("startedAt")
                    .asText() + ", " + summary.path("wallSeconds").asText() + " s, code "
                    + summary.path("codeVersion").asText());
        }
        page.facts(facts);
        JsonNode manifest = manifest(inputs);
        if (manifest != null) {
            page.heading(3, "Dataset").facts(dataset(manifest));
        }
        JsonNode config = config(inputs);
        if (config != null) {
            page.heading(3, "Model and training").facts(training(config));
        }
        for (JsonNode summary : summaries(inputs)) {
            page.folded("Resolved configuration of " + summary.path("command").asText(),
                    summary.path("config").toPrettyString());
        }
    }

    private static List<JsonNode> summaries(ReportInputs inputs) {
        List<JsonNode> summaries = new ArrayList<>();
        if (inputs.pretrainSummary() != null) {
            summaries.add(inputs.pretrainSummary());
        }
        if (inputs.probeSummary() != null) {
            summaries.add(inputs.probeSummary());
        }
        return summaries;
    }

    private static JsonNode manifest(ReportInputs inputs) {
        for (JsonNode summary : summaries(inputs)) {
            if (summary.path("manifest").isObject()) {
                return summary.path("manifest");
            }
        }
        return null;
    }

    /** The pretrain configuration describes the backbone; the probe's is the fallback. */
    private static JsonNode config(ReportInputs inputs) {
        List<JsonNode> summaries = summaries(inputs);
        return summaries.isEmpty() ? null : summaries.get(0).path("config");
    }

    private static Map<String, String> dataset(JsonNode manifest) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("dataset", manifest.path("dataset").asText() + " (format "
                + manifest.path("format").asText() + ")");
        facts.put("images", manifest.path("channels").asText() + " x "
                + manifest.path("height").asText() + " x " + manifest.path("width").asText());
        List<String> classes = new ArrayList<>();
        manifest.path("classNames").forEach(name -> classes.add(name.asText()));
        facts.put("classes", classes.size() + ": " + String.join(", ", classes));
        List<String> splits = new ArrayList<>();
        manifest.path("splits").fields().forEachRemaining(split -> splits.add(split.getKey()
                + " " + split.getValue().path("images").asText() + " images"));
        facts.put("splits", String.join(", ", splits));
        facts.put("ingested", manifest.path("createdAt").asText() + " by "
                + manifest.path("codeVersion").asText());
        return facts;
    }

    private static Map<String, String> training(JsonNode config) {
        JsonNode model = config.path("model");
        JsonNode pretrain = config.path("pretrain");
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("design", model.path("design").asText() + ", channels "
                + model.path("channels") + ", kernels " + model.path("kernelSizes")
                + ", init " + model.path("init").asText());
        facts.put("rule", pretrain.path("algorithm").asText() + " (" + pretrain.path("update")
                .asText() + " update, " + pretrain.path("masking").asText() + " masking)");
        facts.put("mask ratio", pretrain.path("maskRatio").path("max").asText() + " to "
                + pretrain.path("maskRatio").path("min").asText());
        facts.put("optimisation", pretrain.path("epochs").asText() + " epochs, batch "
                + pretrain.path("batchSize").asText() + ", learning rate "
                + pretrain.path("learningRate").asText() + ", neuron norm "
                + pretrain.path("neuronNorm").asText());
        facts.put("data", config.path("data").path("shards").asText() + ", seed "
                + config.path("run").path("seed").asText());
        return facts;
    }
}
