package ai.liouna.jobs;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Parquet schema of an image shard. A dataset directory holds one folder per split
 * ({@code train/}, {@code test/}, {@code unlabeled/}) of {@code part-*.parquet} files and a
 * {@code manifest.json} beside them.
 *
 * <pre>
 *   id        long    not null  unique within the split, stable across re-ingests
 *   split     string  not null  train | test | unlabeled | val
 *   label     int     nullable  class index into the manifest's classNames; null if unlabeled
 *   folds     int[]   nullable  predefined training folds containing the image (STL-10)
 *   height    int     not null
 *   width     int     not null
 *   channels  int     not null
 *   pixels    binary  not null  uint8, channel-major (CHW), height*width*channels bytes
 *   source    string  not null  source file, with "#record" for records of binary files
 * </pre>
 */
public final class ShardSchema {

    public static final String ID = "id";
    public static final String SPLIT = "split";
    public static final String LABEL = "label";
    public static final String FOLDS = "folds";
    public static final String HEIGHT = "height";
    public static final String WIDTH = "width";
    public static final String CHANNELS = "channels";
    public static final String PIXELS = "pixels";
    public static final String SOURCE = "source";

    public static final StructType SCHEMA = new StructType(new StructField[] {
        field(ID, DataTypes.LongType, false),
        field(SPLIT, DataTypes.StringType, false),
        field(LABEL, DataTypes.IntegerType, true),
        field(FOLDS, DataTypes.createArrayType(DataTypes.IntegerType, false), true),
        field(HEIGHT, DataTypes.IntegerType, false),
        field(WIDTH, DataTypes.IntegerType, false),
        field(CHANNELS, DataTypes.IntegerType, false),
        field(PIXELS, DataTypes.BinaryType, false),
        field(SOURCE, DataTypes.StringType, false),
    });

    private ShardSchema() {
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type,
                                     boolean nullable) {
        return new StructField(name, type, nullable, Metadata.empty());
    }
}
