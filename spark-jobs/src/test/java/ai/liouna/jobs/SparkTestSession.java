package ai.liouna.jobs;

import org.apache.spark.sql.SparkSession;

/** The local Spark session shared by the job tests of a JVM: {@link LocalSpark}'s. */
final class SparkTestSession {

    private SparkTestSession() {
    }

    static SparkSession get() {
        return LocalSpark.session();
    }
}
