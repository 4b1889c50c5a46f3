package ai.liouna.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.StreamSupport;

import ai.liouna.data.Manifest.CorruptImage;
import ai.liouna.data.source.CorruptImageException;
import ai.liouna.data.source.ImageDecoder;
import ai.liouna.data.source.ImageFolderLayout;
import ai.liouna.data.source.ImageFolderLayout.ImageFile;
import ai.liouna.data.source.ImageRecord;
import ai.liouna.data.source.Imagenette;
import ai.liouna.data.source.IngestOptions;
import ai.liouna.data.source.PixelImage;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image files in class folders per split ({@link ImageFolderLayout}), decoded in parallel with
 * ImageIO. Serves {@code image-folder} and {@code imagenette}; for Imagenette the WordNet-id
 * folders get their class names and the folders are checked against
 * {@code noisy_imagenette.csv}. An image that cannot be decoded is skipped and recorded, or
 * fails the run, as {@code ingest.onCorruptImage} says.
 */
final class ImageFolderSource implements ImageSource {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFolderSource.class);

    /** Images a decoding task handles at most; more tasks spread the decoding better. */
    private static final int IMAGES_PER_TASK = 2000;

    private final IngestOptions options;
    private final ImageFolderLayout layout;
    private final List<String> classNames;
    private final String dataset;
    private final SourceFiles sourceFiles;
    private final JavaSparkContext spark;
    private final CorruptImages corrupt;

    private ImageFolderSource(IngestOptions options, ImageFolderLayout layout,
                              List<String> classNames, String dataset, SourceFiles sourceFiles,
                              JavaSparkContext spark, CorruptImages corrupt) {
        this.options = options;
        this.layout = layout;
        this.classNames = classNames;
        this.dataset = dataset;
        this.sourceFiles = sourceFiles;
        this.spark = spark;
        this.corrupt = corrupt;
    }

    /**
     * Lists and indexes the source.
     *
     * @param sourceName the name of what ingest.source points at, for the dataset name
     */
    static ImageFolderSource open(IngestOptions options, StagedSource staged, String sourceName,
                                  JavaSparkContext spark, HadoopFiles files,
                                  CorruptImages corrupt) {
        boolean imagenette = options.format().equals("imagenette");
        ImageFolderLayout layout = ImageFolderLayout.index(list(files, staged.root()),
                sourceName, imagenette ? Imagenette.SPLITS : List.of("train"));
        List<String> classNames = layout.classFolders();
        if (imagenette) {
            Path labelFile = new Path(staged.root(), layout.topFolder() + Imagenette.LABEL_FILE);
            if (!files.exists(labelFile)) {
                throw new IllegalArgumentException("the Imagenette layout is incomplete: "
                        + Imagenette.LABEL_FILE + " is missing beside train/ and val/ in "
                        + sourceName + "; unpack the official archive again");
            }
            Imagenette.checkLabelFile(files.readText(labelFile), layout);
            classNames = Imagenette.classNames(layout.classFolders());
        }
        logIgnored(layout, sourceName);
        String dataset = datasetName(layout, sourceName);
        return new ImageFolderSource(options, layout, classNames, dataset,
                new SourceFiles(spark, staged.root()), spark, corrupt);
    }

    /**
     * Every file below {@code root}, relative to it, folder by folder. (Hadoop's recursive
     * {@code listFiles} would ask the local file system for each file's permissions, which
     * without Hadoop's native library forks a shell per file: minutes for CIFAR's 60,000.)
     */
    private static List<String> list(HadoopFiles files, Path root) {
        List<String> paths = new ArrayList<>();
        try {
            walk(files.fileSystem(root), root, "", paths);
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + root, e);
        }
        return paths;
    }

    private static void walk(FileSystem fs, Path folder, String prefix, List<String> paths)
            throws IOException {
        for (FileStatus status : fs.listStatus(folder)) {
            String name = prefix + status.getPath().getName();
            if (status.isDirectory()) {
                walk(fs, status.getPath(), name + "/", paths);
            } else {
                paths.add(name);
            }
        }
    }

    private static void logIgnored(ImageFolderLayout layout, String sourceName) {
        List<String> ignored = layout.ignoredFiles().stream()
                .filter(path -> !path.endsWith(Imagenette.LABEL_FILE)).toList();
        if (!ignored.isEmpty()) {
            LOG.warn("{}: skipped {} file(s) that are not .jpg/.jpeg/.png images, e.g. {}",
                    sourceName, ignored.size(), ignored.subList(0, Math.min(5, ignored.size())));
        }
    }

    private static String datasetName(ImageFolderLayout layout, String sourceName) {
        String top = layout.topFolder();
        if (!top.isEmpty()) {
            String[] parts = top.split("/");
            return parts[parts.length - 1];
        }
        return sourceName.replaceFirst("(?i)(\\.tar\\.gz|\\.tgz|\\.tar)$", "");
    }

    @Override
    public String dataset() {
        return dataset;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public List<Split> splits() {
        List<String> names = new ArrayList<>(layout.splits());
        names.sort((a, b) -> a.equals("train") ? -1 : b.equals("train") ? 1 : a.compareTo(b));
        List<Split> splits = new ArrayList<>();
        for (String name : names) {
            List<ImageFile> images = layout.files(name);
            ShardRowSize rowSize = new ShardRowSize(imageBytes(images),
                    ShardRowSize.meanSourceBytes(images.stream().map(ImageFile::path).toList()),
                    true, 0);
            splits.add(new Split(name, images.size(), rowSize, records(images)));
        }
        return splits;
    }

    /** Stored bytes per image: known when resizing, else those of the first decodable image. */
    private int imageBytes(List<ImageFile> images) {
        ImageDecoder decoder = options.decoder();
        if (decoder.imageSize() > 0) {
            return decoder.channels() * decoder.imageSize() * decoder.imageSize();
        }
        for (ImageFile image : images.subList(0, Math.min(10, images.size()))) {
            try {
                return decoder.decode(sourceFiles.read(image.path()), image.path())
                        .pixels().length;
            } catch (CorruptImageException e) {
                LOG.debug("size probe skipped {}", image.path(), e);
            }
        }
        return decoder.channels() * 32 * 32;
    }

    private JavaRDD<ImageRecord> records(List<ImageFile> images) {
        int slices = Math.max(spark.defaultParallelism(),
                (images.size() + IMAGES_PER_TASK - 1) / IMAGES_PER_TASK);
        SourceFiles reader = sourceFiles;
        ImageDecoder decoder = options.decoder();
        boolean failOnCorrupt = options.failOnCorrupt();
        CorruptImages skipped = corrupt;
        return spark.parallelize(images, Math.min(slices, images.size()))
                .mapPartitions(files -> decode(files, reader, decoder, failOnCorrupt, skipped));
    }

    /** Decodes lazily, one image at a time; corrupt images are skipped or fail the task. */
    private static Iterator<ImageRecord> decode(Iterator<ImageFile> files, SourceFiles reader,
                                                ImageDecoder decoder, boolean failOnCorrupt,
                                                CorruptImages skipped) {
        Iterable<ImageFile> iterable = () -> files;
        return StreamSupport.stream(iterable.spliterator(), false)
                .map(file -> decodeOne(file, reader, decoder, failOnCorrupt, skipped))
                .filter(Objects::nonNull).iterator();
    }

    private static ImageRecord decodeOne(ImageFile file, SourceFiles reader,
                                         ImageDecoder decoder, boolean failOnCorrupt,
                                         CorruptImages skipped) {
        PixelImage image;
        try {
            image = decoder.decode(reader.read(file.path()), file.path());
        } catch (CorruptImageException e) {
            if (failOnCorrupt) {
                throw new IllegalArgumentException(e.getMessage() + ". Replace or delete the"
                        + " file, or set ingest.onCorruptImage=skip to skip and count such"
                        + " images", e);
            }
            LOG.warn("skipping {}", e.getMessage());
            skipped.add(new CorruptImage(file.path(), e.reason()));
            return null;
        }
        return new ImageRecord(file.id(), file.split(), file.label(), null, image, file.path());
    }

    @Override
    public Map<String, String> checksums() {
        List<String> paths = new ArrayList<>();
        layout.splits().forEach(split -> layout.files(split).forEach(f -> paths.add(f.path())));
        String key = layout.topFolder().isEmpty() ? dataset + "/" : layout.topFolder();
        return Map.of(key, sourceFiles.treeSha256(spark, paths));
    }
}
