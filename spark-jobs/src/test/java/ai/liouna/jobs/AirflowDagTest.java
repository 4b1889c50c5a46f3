package ai.liouna.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.liouna.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Airflow DAG of submit/airflow/: valid Python, and everything it names exists in the
 * project: the launcher class, the jar the shade plugin writes, the commands, the config
 * files under conf/ and every key it overrides. Airflow itself is not installed here, so the
 * DAG's text is read rather than imported.
 */
class AirflowDagTest {

    private static final String DAG = "submit/airflow/liouna_pretrain_dag.py";
    /** A Jinja expression, e.g. {{ params.shards }}. */
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{.*?}}");

    @TempDir
    Path temp;

    @Test
    void dagIsValidPython() {
        assumeTrue(ClusterScripts.run(Map.of(), "bash", "-c", "command -v python3")
                .status() == 0, "python3 is not installed");
        ClusterScripts.Run run = ClusterScripts.run(Map.of(), "python3", "-c",
                "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2],"
                        + " doraise=True)", DAG, temp.resolve("dag.pyc").toString());

        assertEquals(0, run.status(), run.err());
    }

    @Test
    void launcherClassJarAndPackagesExist() {
        String dag = ClusterScripts.read(DAG);

        assertEquals(Main.class.getName(), constant(dag, "MAIN_CLASS"));
        assertEquals(ClusterScripts.shadedJar(), ClusterScripts.PROJECT
                .resolve(constant(dag, "SHADED_JAR")).toString());
        assertTrue(dag.contains("java_class=MAIN_CLASS"));
        assertTrue(dag.contains("application=HOME + \"/\" + SHADED_JAR"));
        assertTrue(dag.contains("\"org.apache.hadoop:hadoop-aws:"
                + ClusterScripts.pomProperty("hadoop.version") + "\""));
        assertTrue(dag.contains("SparkSubmitOperator("));
        assertTrue(dag.contains(HOME_SCRIPT), "the discovery script path");
        assertTrue(Files.isRegularFile(ClusterScripts.PROJECT.resolve("submit/gpu-discovery.sh")));
    }

    private static final String HOME_SCRIPT = "HOME + \"/submit/gpu-discovery.sh\"";

    @Test
    void jvmFlagsAreThoseOfThePom() {
        String dag = ClusterScripts.read(DAG);
        Matcher list = Pattern.compile("for package in \\[(.*?)]", Pattern.DOTALL).matcher(dag);
        assertTrue(list.find());
        List<String> flags = new ArrayList<>();
        Matcher name = Pattern.compile("\"([^\"]+)\"").matcher(list.group(1));
        while (name.find()) {
            flags.add("--add-opens=java.base/" + name.group(1) + "=ALL-UNNAMED");
        }
        flags.add("-Djdk.reflect.useDirectMethodHandle=false");

        assertEquals(JvmFlags.opens(), flags);
    }

    @Test
    void everyTaskRunsALauncherCommandWithKnownConfigAndKeys() {
        String dag = ClusterScripts.read(DAG);
        Map<String, List<String>> tasks = tasks(dag);
        List<String> configs = configs(dag);

        assertEquals(List.of("ingest", "pretrain", "probe"), List.copyOf(tasks.keySet()));
        assertTrue(dag.contains("ingest >> pretrain >> probe"));
        assertFalse(configs.isEmpty());
        assertTrue(dag.contains("application_args=[command, \"--conf\", HOME + \"/{{ params"
                + ".config }}\", *overrides]"));
        for (Map.Entry<String, List<String>> task : tasks.entrySet()) {
            assertTrue(Main.commands().containsKey(task.getKey()), task.getKey());
            List<String> overrides = task.getValue().stream()
                    .map(override -> TEMPLATE.matcher(override).replaceAll("1")).toList();
            for (String config : configs) {
                File file = ClusterScripts.PROJECT.resolve(config).toFile();
                // Throws, naming the valid keys, if a key is not in reference.conf.
                Settings settings = Settings.load(file, overrides);
                assertTrue(settings.render().length() > 0);
            }
        }
    }

    @Test
    void paramsTheTemplatesUseAreDeclared() {
        String dag = ClusterScripts.read(DAG);
        Matcher used = Pattern.compile("params\\.(\\w+)").matcher(dag);
        while (used.find()) {
            assertTrue(dag.contains("\"" + used.group(1) + "\": Param("),
                    "params." + used.group(1) + " is used but not declared");
        }
    }

    private static String constant(String dag, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + " = \"([^\"]+)\"").matcher(dag);
        assertTrue(matcher.find(), name);
        return matcher.group(1);
    }

    /** Each liouna_task("command", [overrides]) of the DAG. */
    private static Map<String, List<String>> tasks(String dag) {
        Map<String, List<String>> tasks = new LinkedHashMap<>();
        Matcher task = Pattern.compile("liouna_task\\(\"(\\w+)\", \\[(.*?)]\\)", Pattern.DOTALL)
                .matcher(dag);
        while (task.find()) {
            List<String> overrides = new ArrayList<>();
            Matcher override = Pattern.compile("(?m)^\\s*\"([^\"]+=[^\"]*)\",").matcher(
                    task.group(2));
            while (override.find()) {
                overrides.add(override.group(1));
            }
            assertFalse(overrides.isEmpty(), task.group(1));
            tasks.put(task.group(1), overrides);
        }
        return tasks;
    }

    /** The config files the DAG offers, each of which must exist under conf/. */
    private static List<String> configs(String dag) {
        Matcher list = Pattern.compile("CONFIGS = \\[(.*?)]").matcher(dag);
        assertTrue(list.find());
        List<String> configs = new ArrayList<>();
        Matcher file = Pattern.compile("\"([^\"]+)\"").matcher(list.group(1));
        while (file.find()) {
            assertTrue(file.group(1).startsWith("conf/"), file.group(1));
            assertTrue(Files.isRegularFile(ClusterScripts.PROJECT.resolve(file.group(1))),
                    file.group(1) + " does not exist");
            configs.add(file.group(1));
        }
        return configs;
    }
}
