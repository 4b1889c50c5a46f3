package ai.liouna.jobs;

import java.util.List;
import java.util.Map;

import ai.liouna.data.source.ImageRecord;
import org.apache.spark.api.java.JavaRDD;

/**
 * A dataset source opened for ingest: its class names, and per split how many images it holds
 * and a lazy RDD of them. Nothing is read in parallel until a split's records are used.
 */
interface ImageSource {

    /** Short dataset name for the manifest, e.g. {@code cifar10} or {@code imagenette2-160}. */
    String dataset();

    /** Class names, indexed by label. */
    List<String> classNames();

    /** The splits, train first. */
    List<Split> splits();

    /**
     * SHA-256 of the files read, by path relative to the source (see the manifest's
     * {@code sourceChecksums}); computed in parallel when asked.
     */
    Map<String, String> checksums();

    /**
     * One split of a source.
     *
     * @param name    split name in the shards
     * @param images  images the source lists for it; fewer are stored if some are corrupt
     * @param rowSize what one stored row holds (an estimate when image sizes vary), for
     *                sizing Parquet row groups
     * @param records the decoded images, ids 0 to images - 1
     */
    record Split(String name, long images, ShardRowSize rowSize,
                 JavaRDD<ImageRecord> records) {
    }
}
