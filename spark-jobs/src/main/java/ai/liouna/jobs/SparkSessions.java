package ai.liouna.jobs;

import java.util.Map;

import ai.liouna.config.S3Settings;
import ai.liouna.config.Settings;
import com.typesafe.config.ConfigValue;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the Spark session from the settings; spark-submit's own settings take precedence, except
 * for the S3A properties of the {@code s3.*} settings, which are applied here and nowhere else.
 */
public final class SparkSessions {

    private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);

    private SparkSessions() {
    }

    public static SparkSession create(Settings settings) {
        SparkConf conf = new SparkConf();
        if (!conf.contains("spark.master")) {
            conf.setMaster(settings.getString("spark.master"));
        }
        if (!conf.contains("spark.app.name")) {
            conf.setAppName(settings.getString("spark.appName"));
        }
        for (Map.Entry<String, ConfigValue> entry : settings.section("spark.conf").entrySet()) {
            conf.set(unquote(entry.getKey()), String.valueOf(entry.getValue().unwrapped()));
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", "true");
        conf.setIfMissing("spark.sql.parquet.compression.codec", "zstd");
        // Image rows are large: Spark's default 4096-row Parquet batches hold 315 MB of
        // 160-pixel images per task; 64 rows keep a batch near 5 MB.
        conf.setIfMissing("spark.sql.parquet.columnarReaderBatchSize", "64");
        S3Settings s3 = S3Settings.from(settings, System.getenv());
        Map<String, String> s3Properties = s3.hadoopProperties();
        s3Properties.forEach((key, value) -> conf.set("spark.hadoop." + key, value));
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        // Also set directly: a session that already existed ignores spark.hadoop.* entries.
        s3Properties.forEach(spark.sparkContext().hadoopConfiguration()::set);
        if (!s3Properties.isEmpty()) {
            LOG.info("{}", s3);
        }
        return spark;
    }

    private static String unquote(String key) {
        return key.replace("\"", "");
    }

    /** Cores of one executor, or of the driver in local mode. */
    public static int executorCores(SparkConf conf) {
        String master = conf.get("spark.master", "local[*]");
        if (master.startsWith("local-cluster[")) {
            // local-cluster[workers,coresPerWorker,memoryPerWorker]
            return Integer.parseInt(master.split("[\\[\\],]")[2].trim());
        }
        if (master.startsWith("local")) {
            return localThreads(master);
        }
        return conf.getInt("spark.executor.cores", 1);
    }

    /**
     * How many tasks run at once on one executor: its cores over the task's CPUs, and on a
     * cluster with GPU scheduling no more than its GPUs over the task's share of one (Spark
     * runs only as many tasks as both allow, so threads are split over those alone).
     */
    public static int concurrentTasks(SparkConf conf) {
        int byCores = Math.max(1, executorCores(conf) / conf.getInt("spark.task.cpus", 1));
        double executorGpus = conf.getDouble("spark.executor.resource.gpu.amount", 0);
        double taskGpus = conf.getDouble("spark.task.resource.gpu.amount", 0);
        // Local mode offers no GPUs to tasks (a task asking for one never starts there).
        String master = conf.get("spark.master", "local[*]");
        boolean local = master.equals("local") || master.startsWith("local[");
        if (local || executorGpus <= 0 || taskGpus <= 0) {
            return byCores;
        }
        int byGpus = Math.max(1, (int) Math.floor(executorGpus / taskGpus + 1e-9));
        return Math.min(byCores, byGpus);
    }

    private static int localThreads(String master) {
        int open = master.indexOf('[');
        if (open < 0) {
            return 1;
        }
        String inside = master.substring(open + 1, master.indexOf(']', open));
        String threads = inside.split(",")[0].trim();
        return threads.equals("*") ? Runtime.getRuntime().availableProcessors()
                : Integer.parseInt(threads);
    }
}
