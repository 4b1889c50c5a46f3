package ai.liouna.jobs;

import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session shared by the job tests of a JVM; failed tasks are retried. A test
 * class that stopped the shared session gets a new one for those after it.
 */
final class SparkTestSession {

    private static SparkSession session;

    private SparkTestSession() {
    }

    static synchronized SparkSession get() {
        if (session == null || session.sparkContext().isStopped()) {
            session = SparkSession.builder()
                    .master("local[2,3]")
                    .appName("liouna-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2")
                    .getOrCreate();
        }
        return session;
    }
}
