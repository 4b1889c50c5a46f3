package ai.liouna.jobs;

import java.util.ArrayList;
import java.util.List;

import ai.liouna.config.Settings;
import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session for the job tests of this module (two worker threads, failed tasks
 * retried up to three times, no UI, few shuffle partitions), shared by the test classes of a
 * run and stopped when the JVM exits. Jobs started through {@link Main#run} pick it up, as
 * their session builder finds it active. A test class that stopped it gets a new one.
 */
final class LocalSpark {

    /** Settings every test run passes, so a session created by a job looks the same. */
    static final List<String> SESSION = List.of("spark.master=\"local[2,3]\"",
            "spark.conf.\"spark.ui.enabled\"=false",
            "spark.conf.\"spark.sql.shuffle.partitions\"=4",
            "spark.conf.\"spark.default.parallelism\"=2",
            "spark.conf.\"spark.ui.showConsoleProgress\"=false");

    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSessions.create(Settings.defaults(SESSION.toArray(String[]::new)));
            SparkSession created = session;
            Runtime.getRuntime().addShutdownHook(new Thread(created::stop));
        }
        return session;
    }

    /** Runs a launcher command on the shared session with the session settings added. */
    static void run(String command, String... overrides) throws Exception {
        session();
        List<String> args = new ArrayList<>();
        args.add(command);
        args.addAll(SESSION);
        args.addAll(List.of(overrides));
        Main.run(args.toArray(String[]::new));
    }
}
