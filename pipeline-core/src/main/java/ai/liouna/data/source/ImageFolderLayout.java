package ai.liouna.data.source;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The class-folder layout {@code [top/]<split>/<class>/<image>} (as torchvision's
 * {@code ImageFolder} reads it, one such tree per split), indexed from a listing of file paths.
 * Class labels follow the sorted class-folder names; within a split, images are numbered in the
 * sorted order of their paths, so the same source always gets the same ids.
 */
public final class ImageFolderLayout {

    /** File name endings read as images, compared case-insensitively. */
    public static final List<String> IMAGE_EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

    /**
     * One image file of the layout.
     *
     * @param split the split folder
     * @param id    index within the split
     * @param label index of the class folder in {@link #classFolders()}
     * @param path  path relative to the source root, '/'-separated
     */
    public record ImageFile(String split, long id, int label, String path)
            implements Serializable {
    }

    /** Folders above the split folders, e.g. {@code cifar10-jpeg/}; empty when none. */
    private final String topFolder;

    /** Class folder names, sorted; a label indexes this list. */
    private final List<String> classFolders;

    /** The images of each split, by id, splits sorted by name. */
    private final Map<String, List<ImageFile>> splits;

    /** Files that are not images by their name, skipped. */
    private final List<String> ignoredFiles;

    private ImageFolderLayout(String topFolder, List<String> classFolders,
                              Map<String, List<ImageFile>> splits, List<String> ignoredFiles) {
        this.topFolder = topFolder;
        this.classFolders = classFolders;
        this.splits = splits;
        this.ignoredFiles = ignoredFiles;
    }

    /**
     * Indexes a listing.
     *
     * @param files          every file below the source root, relative to it
     * @param source         the source's name, for messages
     * @param requiredSplits splits that must hold images, e.g. train
     */
    public static ImageFolderLayout index(List<String> files, String source,
                                          List<String> requiredSplits) {
        List<String> images = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (String file : files) {
            (isImage(file) ? images : ignored).add(file);
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images (" + String.join(", ", IMAGE_EXTENSIONS)
                    + ") found in " + source + "; expected files laid out as"
                    + " <split>/<class>/<image>, e.g. train/cat/0001.jpg");
        }
        String top = commonTopFolder(images, source);
        Map<String, Map<String, List<String>>> tree = new TreeMap<>();
        for (String image : images) {
            String[] parts = image.substring(top.length()).split("/");
            tree.computeIfAbsent(parts[0], split -> new TreeMap<>())
                    .computeIfAbsent(parts[1], label -> new ArrayList<>()).add(image);
        }
        List<String> classes = classFolders(tree, source, top);
        checkRequiredSplits(tree, requiredSplits, source, top);
        return new ImageFolderLayout(top, classes, number(tree, classes), ignored);
    }

    /** Image files by name; hidden files (e.g. macOS "._x.jpg" resource forks) are not. */
    static boolean isImage(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        String name = lower.substring(lower.lastIndexOf('/') + 1);
        return !name.startsWith(".") && IMAGE_EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    /** The folders above {@code <split>/<class>/<image>}, which all images must share. */
    private static String commonTopFolder(List<String> images, String source) {
        Map<Integer, String> exampleByDepth = new TreeMap<>();
        for (String image : images) {
            exampleByDepth.putIfAbsent(image.split("/").length, image);
        }
        if (exampleByDepth.size() > 1 || exampleByDepth.keySet().iterator().next() < 3) {
            throw new IllegalArgumentException("images in " + source + " must all sit at"
                    + " <split>/<class>/<image>, but they lie at different depths, e.g. "
                    + exampleByDepth.values() + "; move them into class folders per split");
        }
        Set<String> tops = new TreeSet<>();
        for (String image : images) {
            String[] parts = image.split("/");
            tops.add(String.join("/", List.of(parts).subList(0, parts.length - 3)));
        }
        if (tops.size() > 1) {
            throw new IllegalArgumentException("images in " + source + " sit under several top"
                    + " folders " + tops + "; point ingest.source at one of them");
        }
        String top = tops.iterator().next();
        return top.isEmpty() ? "" : top + "/";
    }

    /** The union of class folders; every split must hold every class. */
    private static List<String> classFolders(Map<String, Map<String, List<String>>> tree,
                                             String source, String top) {
        Set<String> classes = new TreeSet<>();
        tree.values().forEach(split -> classes.addAll(split.keySet()));
        for (Map.Entry<String, Map<String, List<String>>> split : tree.entrySet()) {
            Set<String> missing = new TreeSet<>(classes);
            missing.removeAll(split.getValue().keySet());
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("split '" + split.getKey() + "' of " + source
                        + " has no images of class(es) " + missing + " (folder(s) " + top
                        + split.getKey() + "/" + missing.iterator().next() + "/ missing or"
                        + " empty) while other splits have them; restore the folder(s) or"
                        + " remove the class from every split");
            }
        }
        return List.copyOf(classes);
    }

    private static void checkRequiredSplits(Map<String, Map<String, List<String>>> tree,
                                            List<String> required, String source, String top) {
        for (String split : required) {
            if (!tree.containsKey(split)) {
                throw new IllegalArgumentException("split '" + split + "' of " + source
                        + " is missing or empty: expected images at " + top + split
                        + "/<class>/<image>; found splits " + tree.keySet());
            }
        }
    }

    private static Map<String, List<ImageFile>> number(
            Map<String, Map<String, List<String>>> tree, List<String> classes) {
        Map<String, Integer> labels = new TreeMap<>();
        classes.forEach(name -> labels.put(name, labels.size()));
        Map<String, List<ImageFile>> splits = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, List<String>>> split : tree.entrySet()) {
            List<String[]> labelled = new ArrayList<>();
            split.getValue().forEach((folder, paths) -> paths.forEach(path ->
                    labelled.add(new String[] {path, folder})));
            labelled.sort(Comparator.comparing(entry -> entry[0]));
            List<ImageFile> files = new ArrayList<>(labelled.size());
            for (String[] entry : labelled) {
                files.add(new ImageFile(split.getKey(), files.size(), labels.get(entry[1]),
                        entry[0]));
            }
            splits.put(split.getKey(), List.copyOf(files));
        }
        return splits;
    }

    public String topFolder() {
        return topFolder;
    }

    public List<String> classFolders() {
        return classFolders;
    }

    /** Split names, sorted. */
    public List<String> splits() {
        return List.copyOf(splits.keySet());
    }

    public List<ImageFile> files(String split) {
        return splits.get(split);
    }

    public List<String> ignoredFiles() {
        return ignoredFiles;
    }
}
