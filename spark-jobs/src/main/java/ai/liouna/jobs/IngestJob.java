package ai.liouna.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.liouna.config.SettingsException;
import ai.liouna.data.Manifest;
import ai.liouna.data.source.CifarFormat;
import ai.liouna.data.source.IngestOptions;
import ai.liouna.util.Json;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code ingest} command: reads a dataset in its official layout ({@code ingest.format},
 * {@code ingest.source}) and writes it as Parquet shards with a manifest at {@code data.shards}.
 * Session, read, transform, write: the source is unpacked if it is an archive, each split is
 * decoded in parallel and shuffled into its shards, the shards are read back for the counts and
 * channel statistics, and the finished dataset is moved into place, manifest last
 * ({@link DatasetDirectory}).
 */
final class IngestJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

    @Override
    public String name() {
        return "ingest";
    }

    @Override
    public String description() {
        return "convert a dataset (ingest.format, ingest.source) to Parquet shards at data.shards";
    }

    @Override
    public void run(JobContext context) throws Exception {
        IngestOptions options = IngestOptions.from(context.settings());
        context.claimOutputDirectory();
        DatasetDirectory target = DatasetDirectory.claim(context.files(),
                context.settings().getString("data.shards"), options.overwrite());
        try {
            Manifest manifest = ingest(context, options, target);
            context.timed("publish", () -> {
                target.publish(Json.write(manifest));
                return null;
            });
            context.summary().manifest(manifest);
        } catch (Exception e) {
            target.abandon();
            throw InputErrors.unwrap(e);
        }
        context.writeSummary();
    }

    private Manifest ingest(JobContext context, IngestOptions options, DatasetDirectory target)
            throws Exception {
        StagedSource staged = context.timed("unpack source", () -> StagedSource.stage(
                context.files(), options.source(), target.scratch("source")));
        CorruptImages corrupt = new CorruptImages();
        context.spark().sparkContext().register(corrupt, "corrupt images");
        ImageSource source = context.timed("index source",
                () -> open(context, options, staged, corrupt));
        List<String> classNames = source.classNames();
        List<ImageSource.Split> splits = source.splits();
        checkStatsSplits(options, splits, source.dataset());

        long writeStart = System.nanoTime();
        Map<String, Long> listed = write(context, options, splits, target);
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;

        Map<String, String> checksums = context.timed("checksum source",
                () -> staged.fromArchive() ? Map.of(staged.archive(), staged.archiveSha256())
                        : source.checksums());
        target.dropScratch();
        Map<String, ShardStatistics> stored = context.timed("read back",
                () -> readBack(context, options, target, listed));
        IngestReport report = new IngestReport(source.dataset(), classNames, options,
                listed, stored, corrupt.value(), checksums);
        logCorrupt(report, listed);
        context.summary().metrics().putAll(report.metrics(writeSeconds, target.root().toString()));
        return report.manifest(context.settings().render());
    }

    private static ImageSource open(JobContext context, IngestOptions options,
                                    StagedSource staged, CorruptImages corrupt) {
        if (!options.readsImageFiles() && (options.channels() != 3 || options.imageSize() != 0)) {
            LOG.warn("ingest: ingest.channels and ingest.imageSize apply to image files only;"
                    + " {} is stored as its 3-channel binary images", options.format());
        }
        JavaSparkContext spark = context.sparkContext();
        HadoopFiles files = context.files();
        return switch (options.format()) {
            case "cifar10", "cifar100" -> CifarSource.open(CifarFormat.forName(options.format()),
                    options.coarseLabels(), staged.root(), spark, files);
            case "stl10" -> Stl10Source.open(staged.root(), spark, files);
            default -> ImageFolderSource.open(options, staged,
                    new Path(options.source()).getName(), spark, files, corrupt);
        };
    }

    /** Decodes and shards every split; returns the images each split listed. */
    private static Map<String, Long> write(JobContext context, IngestOptions options,
                                           List<ImageSource.Split> splits,
                                           DatasetDirectory target) throws Exception {
        ShardWriter writer = new ShardWriter(context.spark(), options.seed(), options.shards(),
                options.rowGroupImages());
        Map<String, Long> listed = new LinkedHashMap<>();
        for (ImageSource.Split split : splits) {
            LOG.info("ingest: writing split {} ({} images) into {} shards", split.name(),
                    split.images(), options.shards());
            context.timed("write " + split.name(), () -> {
                writer.write(split, target.split(split.name()));
                return null;
            });
            listed.put(split.name(), split.images());
        }
        return listed;
    }

    private static void checkStatsSplits(IngestOptions options, List<ImageSource.Split> splits,
                                         String dataset) {
        List<String> names = splits.stream().map(ImageSource.Split::name).toList();
        for (String split : options.statsSplits()) {
            if (!names.contains(split)) {
                throw new SettingsException("ingest.statsSplits names split '" + split
                        + "', which " + dataset + " does not have; its splits are " + names);
            }
        }
    }

    private static Map<String, ShardStatistics> readBack(JobContext context,
                                                         IngestOptions options,
                                                         DatasetDirectory target,
                                                         Map<String, Long> listed) {
        Map<String, ShardStatistics> stored = new LinkedHashMap<>();
        for (String split : listed.keySet()) {
            boolean forStats = options.statsSplits().contains(split);
            int channels = options.readsImageFiles() ? options.channels() : 3;
            stored.put(split, ShardStatistics.of(context.spark(), context.files(),
                    target.split(split), forStats, channels));
        }
        return stored;
    }

    private static void logCorrupt(IngestReport report, Map<String, Long> listed) {
        long corrupt = listed.keySet().stream().mapToLong(report::corrupt).sum();
        if (corrupt > 0) {
            LOG.warn("ingest: skipped {} corrupt image(s) (ingest.onCorruptImage=skip), e.g. {}",
                    corrupt, report.examples());
        }
    }
}
