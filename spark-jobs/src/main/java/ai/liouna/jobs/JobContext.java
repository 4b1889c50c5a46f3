package ai.liouna.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a job needs from its surroundings: the resolved settings, the Spark session, file
 * access, its output directory, and the summary it fills in. The job code itself stays a
 * pipeline of reads, pure transformations and writes.
 */
public final class JobContext {

    private static final Logger LOG = LoggerFactory.getLogger(JobContext.class);
    public static final String SUMMARY_FILE = "summary.json";

    private final String command;
    private final Settings settings;
    private final SparkSession spark;
    private final HadoopFiles files;
    private final RunSummary summary;
    private final Path outputDirectory;

    /** A context writing to {@code <run.output>/<command>}. */
    public JobContext(String command, Settings settings, SparkSession spark) {
        this(command, settings, spark, new Path(settings.getString("run.output"), command));
    }

    /** A context writing to {@code outputDirectory}, for commands that run other jobs. */
    public JobContext(String command, Settings settings, SparkSession spark,
                      Path outputDirectory) {
        this.command = command;
        this.settings = settings;
        this.spark = spark;
        this.files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
        this.summary = new RunSummary(command, settings);
        this.outputDirectory = outputDirectory;
    }

    public String command() {
        return command;
    }

    public Settings settings() {
        return settings;
    }

    public SparkSession spark() {
        return spark;
    }

    public JavaSparkContext sparkContext() {
        return JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    public HadoopFiles files() {
        return files;
    }

    public RunSummary summary() {
        return summary;
    }

    /** Where this job writes, {@code <run.output>/<command>} unless given. */
    public Path outputDirectory() {
        return outputDirectory;
    }

    public Path output(String name) {
        return new Path(outputDirectory, name);
    }

    /** Fails unless the output directory is free or overwriting was asked for. */
    public void claimOutputDirectory() {
        Path summaryPath = output(SUMMARY_FILE);
        if (files.exists(summaryPath) && !settings.getBoolean("run.overwrite")) {
            throw new SettingsException(outputDirectory + " already holds a finished " + command
                    + " run; set run.overwrite=true to replace it or choose another run.output");
        }
        files.mkdirs(outputDirectory);
    }

    /** Names the running step in the Spark UI (job group and description). */
    public void describe(String description) {
        spark.sparkContext().setJobDescription(command + ": " + description);
    }

    /** Runs {@code phase}, records its duration in the summary, and logs it. */
    public <T> T timed(String phase, Callable<T> work) throws Exception {
        Instant start = Instant.now();
        describe(phase);
        try {
            return work.call();
        } finally {
            Duration duration = Duration.between(start, Instant.now());
            summary.timing(phase, duration);
            LOG.info("{}: {} took {} s", command, phase, duration.toMillis() / 1e3);
        }
    }

    /** Writes {@code summary.json} into the output directory. */
    public Path writeSummary() {
        Path path = output(SUMMARY_FILE);
        files.writeText(path, summary.toJson(Instant.now()));
        LOG.info("{}: summary written to {}", command, path);
        return path;
    }
}
