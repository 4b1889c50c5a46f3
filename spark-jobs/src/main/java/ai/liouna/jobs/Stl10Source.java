package ai.liouna.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.liouna.data.source.ImageRecord;
import ai.liouna.data.source.Stl10Format;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * STL-10 in the official binary layout ({@link Stl10Format}): image records read in parallel
 * splits of the large files (unlabeled_X.bin is 2.7 GB), labels and folds read on the driver
 * (a few kilobytes) and shipped with the tasks.
 */
final class Stl10Source implements ImageSource {

    /** The {@code stl10_binary} folder. */
    private final Path folder;

    private final JavaSparkContext spark;
    private final HadoopFiles files;

    private Stl10Source(Path folder, JavaSparkContext spark, HadoopFiles files) {
        this.folder = folder;
        this.spark = spark;
        this.files = files;
    }

    static Stl10Source open(Path root, JavaSparkContext spark, HadoopFiles files) {
        Path folder = OfficialFolder.locate(files, root, Stl10Format.FOLDER,
                Stl10Format.requiredFiles(), "stl10_binary.tar.gz");
        return new Stl10Source(folder, spark, files);
    }

    @Override
    public String dataset() {
        return "stl10";
    }

    @Override
    public List<String> classNames() {
        return Stl10Format.classNames(files.readText(
                new Path(folder, Stl10Format.CLASS_NAMES_FILE)));
    }

    @Override
    public List<Split> splits() {
        List<Split> splits = new ArrayList<>();
        for (Stl10Format.SplitFiles split : Stl10Format.SPLITS) {
            long images = Stl10Format.imageCount(split.imageFile(),
                    files.length(new Path(folder, split.imageFile())));
            int[] labels = split.labelFile() == null ? null : Stl10Format.labels(
                    files.readBytes(new Path(folder, split.labelFile())), split.labelFile(),
                    images, split.imageFile());
            int[][] folds = split.split().equals("train") ? Stl10Format.foldsOfTrainImages(
                    files.readText(new Path(folder, Stl10Format.FOLDS_FILE)), (int) images)
                    : null;
            ShardRowSize rowSize = new ShardRowSize(Stl10Format.IMAGE_BYTES,
                    ShardRowSize.meanRecordSourceBytes(split.imageFile(), images),
                    labels != null, meanLength(folds));
            splits.add(new Split(split.split(), images, rowSize, records(split, labels, folds)));
        }
        return splits;
    }

    private JavaRDD<ImageRecord> records(Stl10Format.SplitFiles splitFiles, int[] labels,
                                         int[][] folds) {
        String split = splitFiles.split();
        String file = splitFiles.imageFile();
        return FixedLengthRecords.read(spark, new Path(folder, file), Stl10Format.IMAGE_BYTES)
                .map(indexed -> {
                    int id = indexed._1().intValue();
                    String source = file + "#" + id;
                    return new ImageRecord(id, split, labels == null ? null : labels[id],
                            folds == null ? null : folds[id],
                            Stl10Format.image(indexed._2(), source), source);
                });
    }

    private static double meanLength(int[][] folds) {
        return folds == null ? 0 : Arrays.stream(folds).mapToInt(f -> f.length)
                .average().orElse(0);
    }

    @Override
    public Map<String, String> checksums() {
        Map<String, String> digests = new LinkedHashMap<>();
        new SourceFiles(spark, folder).sha256(spark, Stl10Format.requiredFiles())
                .forEach((name, digest) -> digests.put(Stl10Format.FOLDER + "/" + name, digest));
        return digests;
    }
}
