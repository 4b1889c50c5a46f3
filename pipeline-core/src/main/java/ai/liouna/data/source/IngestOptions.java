package ai.liouna.data.source;

import java.io.Serializable;
import java.util.List;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;

/**
 * The {@code ingest.*} settings, checked once: each value is valid or the run stops before any
 * work with a message naming the key and its valid values.
 *
 * @param format         cifar10 | cifar100 | image-folder | stl10 | imagenette
 * @param source         directory or archive holding the source in its official layout
 * @param shards         Parquet files per split
 * @param rowGroupImages images per Parquet row group
 * @param channels       channels stored per image (image-folder and imagenette)
 * @param imageSize      square side images are resized to; 0 keeps the source size
 * @param failOnCorrupt  whether an undecodable image fails the run instead of being skipped
 * @param coarseLabels   CIFAR-100's 20 superclasses instead of its 100 classes
 * @param overwrite      whether an existing dataset at the destination may be replaced
 * @param seed           seed of the shard assignment
 * @param statsSplits    splits the channel statistics are computed over
 */
public record IngestOptions(String format, String source, int shards, int rowGroupImages,
                            int channels, int imageSize, boolean failOnCorrupt,
                            boolean coarseLabels, boolean overwrite, long seed,
                            List<String> statsSplits) implements Serializable {

    /** Every value {@code ingest.format} accepts. */
    public static final List<String> FORMATS =
            List.of("cifar10", "cifar100", "image-folder", "stl10", "imagenette");

    public static IngestOptions from(Settings settings) {
        String format = oneOf(settings, "ingest.format", FORMATS);
        String corrupt = oneOf(settings, "ingest.onCorruptImage", List.of("skip", "fail"));
        String labels = oneOf(settings, "ingest.cifar100Labels", List.of("fine", "coarse"));
        int channels = settings.getInt("ingest.channels");
        if (channels != 1 && channels != 3) {
            throw new SettingsException("ingest.channels must be 3 (RGB) or 1 (gray), not "
                    + channels);
        }
        int imageSize = settings.getInt("ingest.imageSize");
        if (format.equals("imagenette") && imageSize == 0) {
            imageSize = Imagenette.PAPER_IMAGE_SIZE;
        }
        return new IngestOptions(format, settings.getString("ingest.source"),
                positive(settings, "ingest.shards"), positive(settings, "ingest.rowGroupImages"),
                channels, nonNegative(settings, "ingest.imageSize", imageSize),
                corrupt.equals("fail"), labels.equals("coarse"),
                settings.getBoolean("ingest.overwrite"), settings.getLong("run.seed"),
                statsSplits(settings, format));
    }

    private static List<String> statsSplits(Settings settings, String format) {
        List<String> splits = settings.getStringList("ingest.statsSplits");
        if (!splits.isEmpty()) {
            return List.copyOf(splits);
        }
        return format.equals("stl10") ? List.of("train", "unlabeled") : List.of("train");
    }

    private static String oneOf(Settings settings, String key, List<String> valid) {
        String value = settings.getString(key);
        if (!valid.contains(value)) {
            throw new SettingsException(key + "='" + value + "' is not valid; use one of "
                    + String.join(" | ", valid));
        }
        return value;
    }

    private static int positive(Settings settings, String key) {
        int value = settings.getInt(key);
        if (value <= 0) {
            throw new SettingsException(key + " must be a positive number, not " + value);
        }
        return value;
    }

    private static int nonNegative(Settings settings, String key, int value) {
        if (value < 0) {
            throw new SettingsException(key + " must be 0 (keep the source size) or a positive"
                    + " side in pixels, not " + value);
        }
        return value;
    }

    /** Whether the format reads image files (and so honours channels and imageSize). */
    public boolean readsImageFiles() {
        return format.equals("image-folder") || format.equals("imagenette");
    }

    /** The decoder for image-file formats. */
    public ImageDecoder decoder() {
        return new ImageDecoder(channels, imageSize);
    }
}
