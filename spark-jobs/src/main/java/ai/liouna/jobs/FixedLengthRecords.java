package ai.liouna.jobs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.lib.input.FixedLengthInputFormat;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Reads a file of fixed-length records (CIFAR batches, STL-10 image files) in parallel with
 * Hadoop's {@link FixedLengthInputFormat}: the file is cut into input splits at record
 * boundaries and each task streams its split one record at a time, so no task and not the driver
 * ever holds the whole file.
 */
final class FixedLengthRecords {

    private FixedLengthRecords() {
    }

    /** (record index in the file, record bytes) of every record. */
    static JavaPairRDD<Long, byte[]> read(JavaSparkContext spark, Path file, int recordBytes) {
        Configuration configuration = new Configuration(spark.hadoopConfiguration());
        FixedLengthInputFormat.setRecordLength(configuration, recordBytes);
        long length = recordBytes;
        // The reader reuses its key and value objects: copy both before anything keeps them.
        return spark.newAPIHadoopFile(file.toString(), FixedLengthInputFormat.class,
                        LongWritable.class, BytesWritable.class, configuration)
                .mapToPair(pair -> new Tuple2<>(pair._1().get() / length, pair._2().copyBytes()));
    }
}
