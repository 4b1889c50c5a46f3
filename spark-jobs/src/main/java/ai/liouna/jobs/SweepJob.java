package ai.liouna.jobs;

import java.util.ArrayList;
import java.util.List;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;

/**
 * The {@code sweep} command: the experiment grid once per value of one key
 * ({@code sweep.key}, {@code sweep.values}) or per point of several keys
 * ({@code sweep.points}), as in the hyper-parameter studies of the Liouna paper's appendix.
 * Rows of the results table carry the point in their algorithm column and run name.
 */
public final class SweepJob implements Job {

    @Override
    public String name() {
        return "sweep";
    }

    @Override
    public String description() {
        return "the experiment grid once per value of a key (sweep.*), one results table";
    }

    @Override
    public void run(JobContext context) throws Exception {
        List<ExperimentCell> cells = ExperimentPlan.cells(context.settings(),
                points(context.settings()));
        new ExperimentRunner(context).run(cells);
    }

    /** {@code sweep.key} over {@code sweep.values}, or the {@code sweep.points}. */
    static List<ExperimentPlan.Point> points(Settings settings) {
        String key = settings.getString("sweep.key");
        List<? extends ConfigValue> values = settings.config().getList("sweep.values");
        List<? extends ConfigValue> lists = settings.config().getList("sweep.points");
        boolean byKey = !key.isBlank() || !values.isEmpty();
        boolean valid = byKey ? !key.isBlank() && !values.isEmpty() && lists.isEmpty()
                : !lists.isEmpty();
        if (!valid) {
            throw new SettingsException("a sweep needs either sweep.key with sweep.values, e.g."
                    + " sweep.key=pretrain.learningRate sweep.values=[0.001,0.01], or"
                    + " sweep.points, e.g. sweep.points=[[\"pretrain.maskRatio.max=0.5\","
                    + " \"pretrain.maskRatio.min=0.5\"]]; it has key '" + key + "', "
                    + values.size() + " values and " + lists.size() + " points");
        }
        List<ExperimentPlan.Point> points = new ArrayList<>();
        for (ConfigValue value : values) {
            points.add(point(List.of(key + "=" + value.render(ConfigRenderOptions.concise()))));
        }
        for (ConfigValue listed : lists) {
            if (!(listed.unwrapped() instanceof List<?> entries)) {
                throw new SettingsException("sweep.points holds " + listed.render() + ", which"
                        + " is not a list of key=value strings");
            }
            points.add(point(entries.stream().map(String::valueOf).toList()));
        }
        return points;
    }

    private static ExperimentPlan.Point point(List<String> entries) {
        List<String> labels = new ArrayList<>();
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new SettingsException("sweep point entry '" + entry + "' is not of the"
                        + " form key=value, e.g. pretrain.learningRate=0.01");
            }
            String key = entry.substring(0, equals).trim();
            String shortKey = key.contains(".") ? key.substring(key.indexOf('.') + 1) : key;
            labels.add(shortKey + "=" + unquote(entry.substring(equals + 1).trim()));
        }
        return new ExperimentPlan.Point(List.copyOf(entries), String.join(", ", labels));
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }
}
