package ai.liouna.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the scripts of submit/ for the tests, and reads back what they print. */
final class ClusterScripts {

    static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    /** Exit status, standard output and standard error of one script run. */
    record Run(int status, String out, String err) {
    }

    private ClusterScripts() {
    }

    static Run run(Map<String, String> environment, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(PROJECT.toFile());
            builder.environment().remove("SPARK_HOME");
            builder.environment().putAll(environment);
            Path err = Files.createTempFile("liouna-script", ".err");
            Process process = builder.redirectError(err.toFile()).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " hung");
            }
            String errors = Files.readString(err);
            Files.delete(err);
            return new Run(process.exitValue(), out, errors);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The arguments of the command a wrapper prints in a dry run, split as bash would. */
    static List<String> dryRun(String wrapper, String... options) {
        List<String> command = new ArrayList<>(List.of("submit/cluster/" + wrapper));
        command.addAll(List.of(options));
        Run run = run(Map.of("LIOUNA_DRY_RUN", "1"), command.toArray(String[]::new));
        if (run.status() != 0) {
            throw new IllegalStateException(wrapper + " failed: " + run.err());
        }
        Run split = run(Map.of(), "bash", "-c", "eval \"set -- $1\"; printf '%s\\n' \"$@\"",
                "split", run.out().strip());
        return split.out().lines().toList();
    }

    /** The --conf KEY=VALUE settings of spark-submit, before the jar. */
    static Map<String, String> sparkConf(List<String> arguments, String jar) {
        Map<String, String> conf = new LinkedHashMap<>();
        int end = arguments.indexOf(jar);
        for (int i = 0; i < end; i++) {
            if (arguments.get(i).equals("--conf")) {
                String setting = arguments.get(i + 1);
                int equals = setting.indexOf('=');
                conf.put(setting.substring(0, equals), setting.substring(equals + 1));
            }
        }
        return conf;
    }

    /** The value after option {@code name}, before the jar. */
    static String option(List<String> arguments, String name) {
        int index = arguments.indexOf(name);
        if (index < 0) {
            throw new IllegalStateException("no " + name + " in " + arguments);
        }
        return arguments.get(index + 1);
    }

    /** The shaded jar the shade plugin of spark-jobs/pom.xml writes. */
    static String shadedJar() {
        String version = firstGroup(read("pom.xml"), "<artifactId>liouna-on-spark</artifactId>"
                + "\\s*<version>([^<]+)</version>");
        String jobsPom = read("spark-jobs/pom.xml");
        String artifact = firstGroup(jobsPom, "</parent>\\s*<artifactId>([^<]+)</artifactId>");
        String classifier = firstGroup(jobsPom,
                "<shadedClassifierName>([^<]+)</shadedClassifierName>");
        return PROJECT.resolve("spark-jobs/target/" + artifact + "-" + version + "-"
                + classifier + ".jar").toString();
    }

    static String pomProperty(String name) {
        return firstGroup(read("pom.xml"), "<" + Pattern.quote(name) + ">([^<]+)</");
    }

    static String read(String file) {
        try {
            return Files.readString(PROJECT.resolve(file));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static String firstGroup(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("no match of " + regex);
        }
        return matcher.group(1);
    }
}
