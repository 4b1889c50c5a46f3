package ai.liouna.data;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The description ingest writes beside the Parquet shards ({@code manifest.json}); later jobs
 * read it instead of rescanning the data. Its presence marks a complete dataset: ingest writes
 * it last.
 *
 * @param dataset         short dataset name, e.g. {@code cifar10}
 * @param format          the ingest format that read the source
 * @param channels        channels per stored image
 * @param height          stored image height (0 when sizes vary; not used for training then)
 * @param width           stored image width
 * @param classNames      class names, indexed by label
 * @param splits          per split: image count, per-class counts, corrupt images skipped
 * @param channelMeans    per-channel mean of pixels / 255 over the training split
 * @param channelStds     per-channel standard deviation of the same
 * @param shardsPerSplit  Parquet files per split
 * @param rowGroupImages  images per Parquet row group
 * @param sourceChecksums SHA-256 of each source file ingest read (archives, binary batches,
 *                        label files); a folder of loose images gets one SHA-256 over its
 *                        sorted lines "path SHA-256", under the folder's name and a '/'
 * @param corruptExamples the first skipped images, with the reason for each
 * @param config          the resolved ingest configuration (HOCON)
 * @param codeVersion     version and commit of the code that wrote the dataset
 * @param createdAt       ISO-8601 time the dataset was completed
 * @param statsSplits     splits the channel statistics were computed over; null in manifests
 *                        that predate it, whose statistics cover the train split
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(String dataset, String format, int channels, int height, int width,
                       List<String> classNames, Map<String, SplitSummary> splits,
                       double[] channelMeans, double[] channelStds, int shardsPerSplit,
                       int rowGroupImages, Map<String, String> sourceChecksums,
                       List<CorruptImage> corruptExamples, String config, String codeVersion,
                       String createdAt, List<String> statsSplits) {

    /** The file name of the manifest inside a dataset directory. */
    public static final String FILE_NAME = "manifest.json";

    /** A manifest whose statistics cover the train split, as before they named their splits. */
    public Manifest(String dataset, String format, int channels, int height, int width,
                    List<String> classNames, Map<String, SplitSummary> splits,
                    double[] channelMeans, double[] channelStds, int shardsPerSplit,
                    int rowGroupImages, Map<String, String> sourceChecksums,
                    List<CorruptImage> corruptExamples, String config, String codeVersion,
                    String createdAt) {
        this(dataset, format, channels, height, width, classNames, splits, channelMeans,
                channelStds, shardsPerSplit, rowGroupImages, sourceChecksums, corruptExamples,
                config, codeVersion, createdAt, null);
    }

    /**
     * @param images       images stored in the split
     * @param classCounts  images per class name (empty for unlabeled splits)
     * @param corrupt      images of the split that could not be decoded and were skipped
     * @param labeled      whether the split's rows carry labels
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SplitSummary(long images, Map<String, Long> classCounts, long corrupt,
                               boolean labeled) {
    }

    /** An image that was skipped, and why. */
    public record CorruptImage(String source, String reason) implements java.io.Serializable {
    }

    public ChannelStats channelStats() {
        return new ChannelStats(channelMeans, channelStds);
    }

    public SplitSummary split(String name) {
        SplitSummary summary = splits.get(name);
        if (summary == null) {
            throw new IllegalArgumentException("dataset '" + dataset + "' has no split '" + name
                    + "'; its splits are " + splits.keySet());
        }
        return summary;
    }

    public int classCount() {
        return classNames.size();
    }
}
