package ai.liouna.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.liouna.data.source.CifarFormat;
import ai.liouna.data.source.DatasetArchive;
import ai.liouna.data.source.ImageRecord;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * CIFAR-10 or CIFAR-100 in the official binary layout ({@link CifarFormat}), read record by
 * record in parallel. Training ids run across the batch files in order (CIFAR-10's
 * {@code data_batch_2.bin} starts at id 10000).
 */
final class CifarSource implements ImageSource {

    /** CIFAR-10 or CIFAR-100. */
    private final CifarFormat format;

    /** CIFAR-100's superclasses instead of its classes. */
    private final boolean coarse;

    /** The folder holding the record files. */
    private final Path folder;

    private final JavaSparkContext spark;
    private final HadoopFiles files;

    private CifarSource(CifarFormat format, boolean coarse, Path folder, JavaSparkContext spark,
                        HadoopFiles files) {
        this.format = format;
        this.coarse = coarse;
        this.folder = folder;
        this.spark = spark;
        this.files = files;
    }

    static CifarSource open(CifarFormat format, boolean coarse, Path root,
                            JavaSparkContext spark, HadoopFiles files) {
        String archive = DatasetArchive.valueOf(format.name()).fileName();
        Path folder = OfficialFolder.locate(files, root, format.folder(),
                format.requiredFiles(), archive);
        return new CifarSource(format, coarse, folder, spark, files);
    }

    @Override
    public String dataset() {
        return format.formatName();
    }

    @Override
    public List<String> classNames() {
        String file = format.classNamesFile(coarse);
        return format.classNames(files.readText(new Path(folder, file)), coarse);
    }

    @Override
    public List<Split> splits() {
        List<Split> splits = new ArrayList<>();
        for (Map.Entry<String, List<String>> split : format.splitFiles().entrySet()) {
            splits.add(split(split.getKey(), split.getValue()));
        }
        return splits;
    }

    private Split split(String name, List<String> recordFiles) {
        long firstId = 0;
        double sourceBytes = 0;
        JavaRDD<ImageRecord> records = null;
        for (String file : recordFiles) {
            long count = format.recordCount(file, files.length(new Path(folder, file)));
            JavaRDD<ImageRecord> fileRecords = records(name, file, firstId);
            records = records == null ? fileRecords : records.union(fileRecords);
            sourceBytes += count * ShardRowSize.meanRecordSourceBytes(file, count);
            firstId += count;
        }
        ShardRowSize rowSize = new ShardRowSize(CifarFormat.PIXEL_BYTES, sourceBytes / firstId,
                true, 0);
        return new Split(name, firstId, rowSize, records);
    }

    private JavaRDD<ImageRecord> records(String split, String file, long firstId) {
        CifarFormat cifar = format;
        boolean coarseLabels = coarse;
        return FixedLengthRecords.read(spark, new Path(folder, file), cifar.recordBytes())
                .map(indexed -> {
                    String source = file + "#" + indexed._1();
                    byte[] record = indexed._2();
                    return new ImageRecord(firstId + indexed._1(), split,
                            cifar.label(record, coarseLabels, source), null,
                            cifar.image(record, source), source);
                });
    }

    @Override
    public Map<String, String> checksums() {
        List<String> names = format.requiredFiles();
        Map<String, String> digests = new LinkedHashMap<>();
        new SourceFiles(spark, folder).sha256(spark, names).forEach((name, digest) ->
                digests.put(format.folder() + "/" + name, digest));
        return digests;
    }
}
