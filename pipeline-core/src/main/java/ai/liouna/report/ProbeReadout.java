package ai.liouna.report;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns a run's probe {@code summary.json} into {@link ResultRow}s, so that a single run and a
 * whole experiment are tabulated and plotted the same way. The algorithm and design are taken
 * from the pretrain summary when there is one (it describes the backbone that was probed),
 * else from the probe summary's own configuration.
 */
public final class ProbeReadout {

    private ProbeReadout() {
    }

    /**
     * One row per probed block.
     *
     * @param run             the name the rows carry in their {@code run} column
     * @param probeSummary    the probe job's summary
     * @param pretrainSummary the pretrain job's summary of the same run, or null
     */
    public static List<ResultRow> rows(String run, JsonNode probeSummary,
                                       JsonNode pretrainSummary) {
        JsonNode blocks = probeSummary.path("metrics").path("blocks");
        if (!blocks.isArray() || blocks.isEmpty()) {
            throw new IllegalArgumentException("probe summary of run '" + run + "' has no"
                    + " metrics.blocks; it was not written by a finished probe job");
        }
        JsonNode config = pretrainSummary != null ? pretrainSummary.path("config")
                : probeSummary.path("config");
        String algorithm = config.path("pretrain").path("algorithm").asText("unknown");
        String design = config.path("model").path("design").asText("unknown");
        String dataset = probeSummary.path("manifest").path("dataset").asText("unknown");
        long seed = probeSummary.path("config").path("run").path("seed").asLong();
        double seconds = probeSummary.path("wallSeconds").asDouble(0) + (pretrainSummary == null
                ? 0 : pretrainSummary.path("wallSeconds").asDouble(0));
        List<ResultRow> rows = new ArrayList<>();
        for (JsonNode block : blocks) {
            rows.add(new ResultRow(run, algorithm, design, dataset, seed,
                    block.path("block").asInt(), top1(block.path("trained")),
                    top1(block.path("random")), seconds));
        }
        return rows;
    }

    /** {@code test_top1} of a variant; NaN where the variant was not probed or is null. */
    private static double top1(JsonNode variant) {
        JsonNode value = variant.path("test_top1");
        return value.isNumber() ? value.asDouble() : Double.NaN;
    }
}
