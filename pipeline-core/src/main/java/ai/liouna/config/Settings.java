package ai.liouna.config;

import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

/**
 * The resolved configuration of a run: {@code reference.conf} defaults, an experiment file from
 * {@code conf/}, then {@code key=value} overrides from the command line, in increasing
 * priority. Every key a user sets must exist in the defaults; a misspelled key fails fast and
 * the error names the valid keys beside it.
 */
public final class Settings {

    /** Root of every key this project reads. */
    public static final String ROOT = "liouna";

    /**
     * Sections whose keys are free-form: Spark and Hadoop settings, passed through, and the
     * experiment's dataset names and per-cell settings, checked when the cells are built.
     */
    private static final Set<String> OPEN_SECTIONS = Set.of("liouna.spark.conf",
            "liouna.experiment.shards", "liouna.experiment.overrides");

    /** What secret values are printed as. */
    public static final String MASK = "*****";

    /**
     * Key names whose values are secrets (the pattern Spark redacts with, plus accessKey): they
     * are masked wherever the configuration is rendered, so logs and summaries never hold them.
     */
    private static final Pattern SECRET_KEY =
            Pattern.compile("(?i).*(secret|password|token|credential|access[.]?key).*");

    private final Config config;

    private Settings(Config config) {
        this.config = config;
    }

    /**
     * Loads defaults, then {@code file} (may be null), then the overrides.
     *
     * @param overrides entries of the form {@code key=value}; the {@code liouna.} prefix is
     *                  optional and values are parsed as HOCON (lists like [64,128] work)
     */
    public static Settings load(File file, List<String> overrides) {
        Config reference = ConfigFactory.defaultReference().getConfig(ROOT).atPath(ROOT);
        Config user = ConfigFactory.empty();
        if (file != null) {
            if (!file.isFile()) {
                throw new SettingsException("config file " + file + " does not exist; pass one of"
                        + " the files in conf/, e.g. --conf conf/cifar10-ours.conf");
            }
            user = ConfigFactory.parseFile(file,
                    ConfigParseOptions.defaults().setAllowMissing(false));
        }
        user = parseOverrides(overrides).withFallback(user);
        Config resolved = user.withFallback(reference).resolve();
        validateKeys(user, reference);
        return new Settings(resolved);
    }

    /** Defaults only, with overrides; for tests and programmatic use. */
    public static Settings defaults(String... overrides) {
        return load(null, List.of(overrides));
    }

    /** Settings from an already rendered configuration (e.g. one stored in a summary). */
    public static Settings fromRendered(String hocon) {
        Config parsed = ConfigFactory.parseString(hocon);
        Config reference = ConfigFactory.defaultReference().getConfig(ROOT).atPath(ROOT);
        return new Settings(parsed.withFallback(reference).resolve());
    }

    private static Config parseOverrides(List<String> overrides) {
        Config merged = ConfigFactory.empty();
        for (String override : overrides) {
            int equals = override.indexOf('=');
            if (equals <= 0) {
                throw new SettingsException("override '" + override
                        + "' is not of the form key=value, e.g. pretrain.epochs=5");
            }
            String key = override.substring(0, equals).trim();
            String path = key.startsWith(ROOT + ".") ? key : ROOT + "." + key;
            String value = override.substring(equals + 1).trim();
            Config parsed;
            try {
                parsed = ConfigFactory.parseString(path + " = " + value);
            } catch (ConfigException.Parse e) {
                parsed = ConfigFactory.parseString(path + " = " + quote(value));
            }
            merged = parsed.withFallback(merged);
        }
        return merged;
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void validateKeys(Config user, Config reference) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> entry : user.entrySet()) {
            String path = entry.getKey();
            if (!path.startsWith(ROOT + ".")) {
                problems.add("'" + path + "' is outside the '" + ROOT + "' block");
                continue;
            }
            if (OPEN_SECTIONS.stream().anyMatch(open -> path.startsWith(open + "."))) {
                continue;
            }
            if (!reference.hasPathOrNull(path)) {
                problems.add("unknown key '" + path.substring(ROOT.length() + 1) + "'; valid keys "
                        + "here are: " + siblings(reference, path));
            }
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(String.join("\n", problems));
        }
    }

    /** The valid keys under the deepest existing parent of {@code path}. */
    private static String siblings(Config reference, String path) {
        String parent = path;
        while (parent.contains(".")) {
            parent = parent.substring(0, parent.lastIndexOf('.'));
            if (reference.hasPath(parent)
                    && reference.getValue(parent).valueType() == ConfigValueType.OBJECT) {
                break;
            }
        }
        String prefix = parent + ".";
        Set<String> names = new TreeSet<>(Comparator.naturalOrder());
        for (Map.Entry<String, ConfigValue> entry : reference.getConfig(parent).entrySet()) {
            names.add(prefix.substring(ROOT.length() + 1) + entry.getKey());
        }
        return names.stream().collect(Collectors.joining(", "));
    }

    /** The configuration below {@code liouna}. */
    public Config config() {
        return config.getConfig(ROOT);
    }

    public String getString(String key) {
        return config().getString(key);
    }

    public int getInt(String key) {
        return config().getInt(key);
    }

    public long getLong(String key) {
        return config().getLong(key);
    }

    public double getDouble(String key) {
        return config().getDouble(key);
    }

    public boolean getBoolean(String key) {
        return config().getBoolean(key);
    }

    public List<Integer> getIntList(String key) {
        return config().getIntList(key);
    }

    /** A number or a list of numbers, as a list (of one entry for a single number). */
    public List<Double> getDoubles(String key) {
        if (config().getValue(key).valueType() == ConfigValueType.NUMBER) {
            return List.of(config().getDouble(key));
        }
        return config().getDoubleList(key);
    }

    /** A whole number or a list of them, as a list (of one entry for a single number). */
    public List<Integer> getInts(String key) {
        if (config().getValue(key).valueType() == ConfigValueType.NUMBER) {
            return List.of(config().getInt(key));
        }
        return config().getIntList(key);
    }

    public List<String> getStringList(String key) {
        return config().getStringList(key);
    }

    public Config section(String key) {
        return config().getConfig(key);
    }

    /** A copy with more overrides applied on top (same validation as the command line). */
    public Settings with(String... overrides) {
        Config added = parseOverrides(List.of(overrides));
        Config reference = ConfigFactory.defaultReference().getConfig(ROOT).atPath(ROOT);
        validateKeys(added, reference);
        return new Settings(added.withFallback(config).resolve());
    }

    /**
     * The resolved configuration as HOCON text, for summaries and checkpoints; secret values
     * are masked.
     */
    public String render() {
        return masked().atPath(ROOT).root().render(
                ConfigRenderOptions.concise().setFormatted(true).setJson(false));
    }

    /** The resolved configuration as a JSON object string; secret values are masked. */
    public String renderJson() {
        return masked().root().render(ConfigRenderOptions.concise());
    }

    /** The configuration below {@code liouna} with every non-empty secret string masked. */
    private Config masked() {
        Config shown = config.getConfig(ROOT);
        for (Map.Entry<String, ConfigValue> entry : shown.entrySet()) {
            List<String> path = ConfigUtil.splitPath(entry.getKey());
            ConfigValue value = entry.getValue();
            boolean secret = SECRET_KEY.matcher(path.get(path.size() - 1)).matches();
            if (secret && value.valueType() == ConfigValueType.STRING
                    && !((String) value.unwrapped()).isEmpty()) {
                shown = shown.withValue(entry.getKey(), ConfigValueFactory.fromAnyRef(MASK));
            }
        }
        return shown;
    }
}
