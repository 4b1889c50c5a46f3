package ai.liouna.data.source;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The official archive of each dataset: where it is published, its file name, the folder it
 * unpacks to, and its published MD5 where the publisher gives one. Imagenette's publisher gives
 * none; its downloads are checked against a SHA-256 recorded at the first download instead.
 */
public enum DatasetArchive {

    CIFAR10("cifar10", "https://www.cs.toronto.edu/~kriz/", "cifar-10-binary.tar.gz",
            "cifar-10-batches-bin", "c32a1d4ab5d03f1284b67883e8d87530"),
    CIFAR100("cifar100", "https://www.cs.toronto.edu/~kriz/", "cifar-100-binary.tar.gz",
            "cifar-100-binary", "03b5dce01913d631647c71ecec9e9cb8"),
    STL10("stl10", "https://cs.stanford.edu/~acoates/stl10/", "stl10_binary.tar.gz",
            "stl10_binary", "91f7769df0f17e558f3565bffb0c7dfb"),
    IMAGENETTE("imagenette", "https://s3.amazonaws.com/fast-ai-imageclas/", "imagenette2.tgz",
            "imagenette2", null),
    IMAGENETTE_160("imagenette", "https://s3.amazonaws.com/fast-ai-imageclas/",
            "imagenette2-160.tgz", "imagenette2-160", null),
    IMAGENETTE_320("imagenette", "https://s3.amazonaws.com/fast-ai-imageclas/",
            "imagenette2-320.tgz", "imagenette2-320", null);

    /** The {@code ingest.format} that reads the archive. */
    private final String format;

    /** The folder URL the file is published under, ending in '/'. */
    private final String baseUrl;

    /** The published file name. */
    private final String fileName;

    /** The folder the archive unpacks to. */
    private final String folder;

    /** The publisher's MD5, or null when none is published. */
    private final String md5;

    DatasetArchive(String format, String baseUrl, String fileName, String folder, String md5) {
        this.format = format;
        this.baseUrl = baseUrl;
        this.fileName = fileName;
        this.folder = folder;
        this.md5 = md5;
    }

    public String format() {
        return format;
    }

    public String fileName() {
        return fileName;
    }

    public String folder() {
        return folder;
    }

    /** The publisher's MD5, or null. */
    public String md5() {
        return md5;
    }

    /** The official URL of the archive. */
    public URI url() {
        return URI.create(baseUrl + fileName);
    }

    /**
     * The archive for an ingest format and the file name it is to be saved as: the name picks
     * among Imagenette's three sizes, and must otherwise be the official one.
     */
    public static DatasetArchive of(String format, String targetFileName) {
        List<DatasetArchive> candidates = Arrays.stream(values())
                .filter(archive -> archive.format.equals(format)).toList();
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("there is no official archive to download for"
                    + " ingest.format=" + format + "; downloadable formats are "
                    + Arrays.stream(values()).map(a -> a.format).distinct()
                    .collect(Collectors.joining(", ")));
        }
        return candidates.stream().filter(a -> a.fileName.equals(targetFileName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("ingest.source must end in the"
                        + " official archive name for " + format + " ("
                        + candidates.stream().map(a -> a.fileName)
                        .collect(Collectors.joining(" or ")) + "), not '" + targetFileName
                        + "', e.g. ingest.source=data/raw/" + candidates.get(0).fileName));
    }
}
