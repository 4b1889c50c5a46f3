package ai.liouna.jobs;

import java.util.Map;

import ai.liouna.config.Settings;
import com.typesafe.config.ConfigValue;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the Spark session from the settings; spark-submit's own settings take precedence. */
public final class SparkSessions {

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
        return SparkSession.builder().config(conf).getOrCreate();
    }

    private static String unquote(String key) {
        return key.replace("\"", "");
    }

    /** Cores of one executor, or of the driver in local mode. */
    public static int executorCores(SparkConf conf) {
        String master = conf.get("spark.master", "local[*]");
        if (master.startsWith("local")) {
            return localThreads(master);
        }
        return conf.getInt("spark.executor.cores", 1);
    }

    /** How many tasks run at once on one executor. */
    public static int concurrentTasks(SparkConf conf) {
        return Math.max(1, executorCores(conf) / conf.getInt("spark.task.cpus", 1));
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
