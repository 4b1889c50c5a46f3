package ai.liouna.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.liouna.config.Settings;
import ai.liouna.util.CodeVersion;
import ai.liouna.util.Json;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What every run leaves in its output directory as {@code summary.json}: the command, the
 * resolved configuration, the data manifest it used, the code version, how long each phase took,
 * and its metrics. Enough to tell later what produced a number.
 */
public final class RunSummary {

    private final String command;
    private final Settings settings;
    private final Instant startedAt = Instant.now();
    private final Map<String, Double> timingsSeconds = new LinkedHashMap<>();
    private final Map<String, Object> metrics = new LinkedHashMap<>();
    private Object manifest;

    public RunSummary(String command, Settings settings) {
        this.command = command;
        this.settings = settings;
    }

    public void manifest(Object dataManifest) {
        this.manifest = dataManifest;
    }

    /** Records a metric; nested maps and lists are kept as JSON structure. */
    public void metric(String name, Object value) {
        metrics.put(name, value);
    }

    public Object metric(String name) {
        return metrics.get(name);
    }

    public void timing(String phase, Duration duration) {
        timingsSeconds.merge(phase, duration.toNanos() / 1e9, Double::sum);
    }

    public Map<String, Object> metrics() {
        return metrics;
    }

    public String toJson(Instant finishedAt) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("command", command);
        summary.put("codeVersion", CodeVersion.describe());
        summary.put("startedAt", startedAt.toString());
        summary.put("finishedAt", finishedAt.toString());
        summary.put("wallSeconds", Duration.between(startedAt, finishedAt).toMillis() / 1e3);
        summary.put("timingsSeconds", timingsSeconds);
        summary.put("metrics", metrics);
        summary.put("manifest", manifest);
        summary.put("config", readTree(settings.renderJson()));
        return Json.write(summary);
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("rendered config is not JSON", e);
        }
    }
}
