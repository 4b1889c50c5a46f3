package ai.liouna.jobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import ai.liouna.model.BlockDesign;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import org.apache.hadoop.fs.Path;

/**
 * Turns the {@code experiment} (and {@code sweep}) settings into the grid's cells, each with
 * its resolved configuration. Every cell is built, and so validated, before any runs.
 */
final class ExperimentPlan {

    /**
     * A sweep point: settings applied together, and how rows are tagged with them.
     *
     * @param settings {@code key=value} entries
     * @param label    e.g. {@code learningRate=0.01}, shown in the algorithm column
     */
    record Point(List<String> settings, String label) {

        static final Point NONE = new Point(List.of(), "");

        /** The label as a directory name: {@code learningRate-0.01}. */
        String slug() {
            return label.replace(", ", "_").replace('=', '-').replaceAll("[^A-Za-z0-9._-]", "-");
        }
    }

    private ExperimentPlan() {
    }

    /** The grid of {@code experiment.*}, once per point, under {@code run.output}. */
    static List<ExperimentCell> cells(Settings base, List<Point> points) {
        List<String> algorithms = base.getStringList("experiment.algorithms");
        List<String> designs = base.getStringList("experiment.designs");
        List<String> datasets = base.getStringList("experiment.datasets");
        List<Long> seeds = base.config().getLongList("experiment.seeds");
        requireSome("experiment.algorithms", algorithms);
        requireSome("experiment.designs", designs);
        requireSome("experiment.datasets", datasets);
        requireSome("experiment.seeds", seeds);
        designs.forEach(BlockDesign::fromConfig);
        algorithms.forEach(GridAlgorithm::named);
        Config shards = base.section("experiment.shards");
        Config overrides = base.section("experiment.overrides");
        checkOverrideNames(overrides, shards.root().keySet());

        List<ExperimentCell> cells = new ArrayList<>();
        for (Point point : points) {
            for (String dataset : datasets) {
                String shardPath = shardsOf(shards, dataset);
                for (String algorithm : algorithms) {
                    for (String design : designs) {
                        for (long seed : seeds) {
                            cells.add(cell(base, overrides, point, GridAlgorithm.named(algorithm),
                                    design, dataset, shardPath, seed));
                        }
                    }
                }
            }
        }
        return cells;
    }

    private static ExperimentCell cell(Settings base, Config overrides, Point point,
                                       GridAlgorithm algorithm, String design, String dataset,
                                       String shards, long seed) {
        String name = (point.label().isEmpty() ? "" : point.slug() + "-") + algorithm.name()
                + "-" + design + "-" + dataset + "-seed" + seed;
        Path directory = new Path(base.getString("run.output"), name);
        List<String> settings = new ArrayList<>();
        for (String key : overrideNames(algorithm.name(), design, dataset)) {
            if (overrides.hasPath(ConfigUtil.quoteString(key))) {
                settings.addAll(entries(overrides.getConfig(ConfigUtil.quoteString(key))));
            }
        }
        settings.addAll(point.settings());
        settings.addAll(algorithm.settings());
        settings.add("model.design=" + ConfigUtil.quoteString(design));
        settings.add("data.shards=" + ConfigUtil.quoteString(shards));
        settings.add("run.seed=" + seed);
        settings.add("run.output=" + ConfigUtil.quoteString(directory.toString()));
        Settings resolved;
        try {
            resolved = base.with(settings.toArray(String[]::new));
        } catch (SettingsException e) {
            throw new SettingsException("cell " + name + ": " + e.getMessage(), e);
        }
        return new ExperimentCell(name, algorithm, design, dataset, seed, point.label(),
                resolved);
    }

    /** The keys of experiment.overrides that apply to a cell, the least specific first. */
    static List<String> overrideNames(String algorithm, String design, String dataset) {
        return List.of(algorithm, design, dataset, algorithm + "-" + design,
                algorithm + "-" + dataset, design + "-" + dataset,
                algorithm + "-" + design + "-" + dataset);
    }

    /** A block's leaves as {@code key=value} overrides, values rendered as HOCON. */
    static List<String> entries(Config block) {
        List<String> entries = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> entry : block.entrySet()) {
            entries.add(entry.getKey() + "=" + entry.getValue()
                    .render(ConfigRenderOptions.concise()));
        }
        return entries;
    }

    private static void checkOverrideNames(Config overrides, Set<String> datasets) {
        Set<String> valid = new TreeSet<>();
        for (String algorithm : GridAlgorithm.registry().keySet()) {
            for (String design : designNames()) {
                for (String dataset : datasets) {
                    valid.addAll(overrideNames(algorithm, design, dataset));
                }
            }
        }
        for (String name : overrides.root().keySet()) {
            if (!valid.contains(name)) {
                throw new SettingsException("experiment.overrides." + name + " names no cell;"
                        + " a key is <algorithm>, <design>, <dataset> or a hyphenated"
                        + " combination in that order (e.g. softhebb-pnb), with algorithms "
                        + GridAlgorithm.registry().keySet() + ", designs "
                        + designNames() + " and datasets " + datasets);
            }
        }
    }

    private static List<String> designNames() {
        return Arrays.stream(BlockDesign.values()).map(BlockDesign::configName).toList();
    }

    private static String shardsOf(Config shards, String dataset) {
        if (!shards.hasPath(ConfigUtil.quoteString(dataset))) {
            throw new SettingsException("experiment.datasets names '" + dataset + "', which"
                    + " experiment.shards does not map to a directory; its datasets are "
                    + shards.root().keySet() + ", add experiment.shards." + dataset
                    + " = \"<directory written by ingest>\"");
        }
        return shards.getString(ConfigUtil.quoteString(dataset));
    }

    private static void requireSome(String key, List<?> values) {
        if (values.isEmpty()) {
            throw new SettingsException(key + " is empty; the grid needs at least one entry");
        }
    }
}
