package ai.liouna.jobs;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the shaded jar: {@code <command> [--conf FILE] [key=value ...]}. Resolves the
 * settings, starts Spark, runs the command, and writes the command's summary.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    /** Every command the launcher knows, in the order the usage text lists them. */
    static Map<String, Job> commands() {
        Map<String, Job> commands = new LinkedHashMap<>();
        for (Job job : List.<Job>of(new DemoJob(), new DownloadJob(), new IngestJob(),
                new PretrainJob(), new ProbeJob(), new SupervisedJob(), new ExperimentJob(),
                new SweepJob(), new ReportJob())) {
            commands.put(job.name(), job);
        }
        return commands;
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (SettingsException | IllegalArgumentException e) {
            LOG.error("{}", e.getMessage());
            System.err.println("error: " + e.getMessage());
            status = 2;
        } catch (Exception e) {
            LOG.error("run failed", e);
            status = 1;
        }
        System.exit(status);
    }

    /** Runs one command; returns the process exit status. */
    public static int run(String... args) throws Exception {
        Map<String, Job> commands = commands();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.println(usage(commands));
            return args.length == 0 ? 2 : 0;
        }
        Job job = commands.get(args[0]);
        if (job == null) {
            throw new SettingsException("unknown command '" + args[0] + "'; commands are "
                    + String.join(", ", commands.keySet()));
        }
        Settings settings = parseSettings(args);
        LOG.info("{}: resolved configuration\n{}", job.name(), settings.render());
        SparkSession spark = SparkSessions.create(settings);
        JobContext context = new JobContext(job.name(), settings, spark);
        job.run(context);
        return 0;
    }

    static Settings parseSettings(String[] args) {
        File confFile = null;
        List<String> overrides = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--conf")) {
                if (i + 1 >= args.length) {
                    throw new SettingsException(
                            "--conf needs a file, e.g. --conf conf/cifar10-ours.conf");
                }
                confFile = new File(args[++i]);
            } else if (args[i].startsWith("--conf=")) {
                confFile = new File(args[i].substring("--conf=".length()));
            } else {
                overrides.add(args[i]);
            }
        }
        return Settings.load(confFile, overrides);
    }

    static String usage(Map<String, Job> commands) {
        StringBuilder text = new StringBuilder(
                "usage: liouna <command> [--conf FILE] [key=value ...]\n\ncommands:\n");
        commands.values().forEach(job -> text.append(String.format("  %-12s %s%n",
                job.name(), job.description())));
        text.append("\nAny key of reference.conf can be overridden, e.g. pretrain.epochs=5.");
        return text.toString();
    }
}
