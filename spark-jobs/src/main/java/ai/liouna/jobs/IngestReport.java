package ai.liouna.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;

import ai.liouna.data.ChannelStats;
import ai.liouna.data.Manifest;
import ai.liouna.data.Manifest.CorruptImage;
import ai.liouna.data.source.IngestOptions;
import ai.liouna.data.source.PixelMoments;
import ai.liouna.util.CodeVersion;

/**
 * The outcome of an ingest, from the shards read back: the dataset's manifest and the metrics
 * of the run's summary. An image the source listed but the shards lack was skipped as corrupt.
 *
 * @param dataset     short dataset name
 * @param classNames  class names by label
 * @param options     the ingest settings
 * @param listed      images the source listed, per split in write order
 * @param stored      what the shards hold, per split
 * @param examples    the first skipped images and why
 * @param checksums   SHA-256 of the source files
 */
record IngestReport(String dataset, List<String> classNames, IngestOptions options,
                    Map<String, Long> listed, Map<String, ShardStatistics> stored,
                    List<CorruptImage> examples, Map<String, String> checksums) {

    /** The manifest of the finished dataset, recording {@code config} as its configuration. */
    Manifest manifest(String config) {
        String size = commonSize();
        int[] chw = size == null ? new int[] {options.channels(), 0, 0} : parse(size);
        ChannelStats stats = channelStats();
        return new Manifest(dataset, options.format(), chw[0], chw[1], chw[2], classNames,
                splitSummaries(), stats.means(), stats.stds(), options.shards(),
                options.rowGroupImages(), checksums, examples, config, CodeVersion.describe(),
                Instant.now().toString(), options.statsSplits());
    }

    private Map<String, Manifest.SplitSummary> splitSummaries() {
        Map<String, Manifest.SplitSummary> splits = new LinkedHashMap<>();
        stored.forEach((split, statistics) -> {
            Map<String, Long> classCounts = new LinkedHashMap<>();
            boolean labeled = !statistics.labelCounts().isEmpty();
            for (int label = 0; labeled && label < classNames.size(); label++) {
                classCounts.put(classNames.get(label),
                        statistics.labelCounts().getOrDefault(label, 0L));
            }
            splits.put(split, new Manifest.SplitSummary(statistics.images(), classCounts,
                    corrupt(split), labeled));
        });
        return splits;
    }

    long corrupt(String split) {
        return listed.get(split) - stored.get(split).images();
    }

    /** "c x h x w" shared by every split, or null when sizes vary. */
    private String commonSize() {
        List<String> sizes = stored.values().stream().flatMap(s -> s.sizes().stream())
                .distinct().toList();
        return sizes.size() == 1 ? sizes.get(0) : null;
    }

    private static int[] parse(String size) {
        String[] parts = size.split("x");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
                Integer.parseInt(parts[2])};
    }

    private ChannelStats channelStats() {
        PixelMoments total = null;
        for (String split : options.statsSplits()) {
            PixelMoments moments = stored.get(split).moments();
            total = total == null ? new PixelMoments(moments.channels()) : total;
            total.merge(moments);
        }
        return total.stats();
    }

    /**
     * The metrics of the run's summary; images per second count the stored images over
     * {@code writeSeconds}, the time spent reading, decoding, shuffling and writing the splits.
     */
    Map<String, Object> metrics(double writeSeconds, String root) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        Map<String, Long> images = new LinkedHashMap<>();
        Map<String, Long> corrupt = new LinkedHashMap<>();
        long storedBytes = 0;
        long pixelBytes = 0;
        for (Map.Entry<String, ShardStatistics> split : stored.entrySet()) {
            images.put(split.getKey(), split.getValue().images());
            corrupt.put(split.getKey(), corrupt(split.getKey()));
            storedBytes += split.getValue().storedBytes();
            pixelBytes += split.getValue().images() * imageBytes(split.getValue());
        }
        long total = images.values().stream().mapToLong(Long::longValue).sum();
        metrics.put("dataset", root);
        metrics.put("images", images);
        metrics.put("corruptImages", corrupt);
        metrics.put("corruptExamples", examples);
        metrics.put("imagesPerSecond", writeSeconds > 0 ? Math.round(total / writeSeconds) : 0);
        metrics.put("storedBytes", storedBytes);
        metrics.put("rawPixelBytes", pixelBytes);
        metrics.put("rowGroupImages", rowGroupSummary());
        return metrics;
    }

    private static long imageBytes(ShardStatistics statistics) {
        if (statistics.sizes().size() != 1) {
            return 0;
        }
        int[] chw = parse(statistics.sizes().get(0));
        return (long) chw[0] * chw[1] * chw[2];
    }

    /** Images per row group over all files, leaving out each file's last, partial group. */
    private Map<String, Object> rowGroupSummary() {
        List<Long> full = new ArrayList<>();
        stored.values().forEach(s -> s.rowGroupImages().forEach(groups ->
                full.addAll(groups.subList(0, Math.max(0, groups.size() - 1)))));
        LongSummaryStatistics statistics = full.stream().mapToLong(Long::longValue)
                .summaryStatistics();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("target", options.rowGroupImages());
        summary.put("fullGroups", full.size());
        summary.put("min", full.isEmpty() ? 0 : statistics.getMin());
        summary.put("max", full.isEmpty() ? 0 : statistics.getMax());
        return summary;
    }
}
