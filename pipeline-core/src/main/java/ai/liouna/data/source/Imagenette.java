package ai.liouna.data.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imagenette (Howard, fast.ai, 2019; https://github.com/fastai/imagenette): ten easily told
 * apart ImageNet classes in the layout {@code imagenette2[-160|-320]/{train,val}/<wnid>/*.JPEG},
 * with {@code noisy_imagenette.csv} listing every image, its clean label
 * ({@code noisy_labels_0}) and whether it belongs to the validation split ({@code is_valid}).
 * The {@code -160} and {@code -320} variants are pre-shrunk so their shorter side is 160 or 320
 * pixels; the paper trains at 160.
 */
public final class Imagenette {

    /** The image side the paper trains at, and ingest's default for this format. */
    public static final int PAPER_IMAGE_SIZE = 160;

    /** The label file every variant carries. */
    public static final String LABEL_FILE = "noisy_imagenette.csv";

    /** The splits, as the archive names them. */
    public static final List<String> SPLITS = List.of("train", "val");

    /** WordNet id to class name, in label order (sorted ids, as an image-folder reader sorts). */
    public static final Map<String, String> CLASS_NAMES = classNames();

    private Imagenette() {
    }

    private static Map<String, String> classNames() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("n01440764", "tench");
        names.put("n02102040", "English springer");
        names.put("n02979186", "cassette player");
        names.put("n03000684", "chain saw");
        names.put("n03028079", "church");
        names.put("n03394916", "French horn");
        names.put("n03417042", "garbage truck");
        names.put("n03425413", "gas pump");
        names.put("n03445777", "golf ball");
        names.put("n03888605", "parachute");
        return java.util.Collections.unmodifiableMap(names);
    }

    /** The readable names of class folders named by WordNet id. */
    public static List<String> classNames(List<String> wordNetIds) {
        List<String> names = new ArrayList<>();
        for (String id : wordNetIds) {
            String name = CLASS_NAMES.get(id);
            if (name == null) {
                throw new IllegalArgumentException("class folder '" + id + "' is not one of the"
                        + " ten Imagenette WordNet ids " + CLASS_NAMES.keySet() + "; is this"
                        + " Imagenette? Use ingest.format=image-folder for other datasets");
            }
            names.add(name);
        }
        return names;
    }

    /**
     * Checks the folders against {@code noisy_imagenette.csv}: the same images, each in the split
     * and class folder the file gives it.
     */
    public static void checkLabelFile(String csv, ImageFolderLayout layout) {
        Map<String, String[]> listed = parse(csv);
        List<String> problems = new ArrayList<>();
        Map<String, Boolean> seen = new HashMap<>();
        for (String split : layout.splits()) {
            for (ImageFolderLayout.ImageFile file : layout.files(split)) {
                String path = file.path().substring(layout.topFolder().length());
                String folder = layout.classFolders().get(file.label());
                seen.put(path, true);
                String[] entry = listed.get(path);
                if (entry == null) {
                    problems.add(path + " is not listed in " + LABEL_FILE);
                } else if (!entry[0].equals(folder)
                        || !split.equals(Boolean.parseBoolean(entry[1]) ? "val" : "train")) {
                    problems.add(path + " lies in " + split + "/" + folder + " but " + LABEL_FILE
                            + " gives label " + entry[0] + ", is_valid=" + entry[1]);
                }
            }
        }
        listed.keySet().stream().filter(path -> !seen.containsKey(path))
                .forEach(path -> problems.add(path + " is listed in " + LABEL_FILE
                        + " but missing from the folders"));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Imagenette folders disagree with " + LABEL_FILE
                    + " in " + problems.size() + " place(s), e.g. "
                    + problems.subList(0, Math.min(3, problems.size()))
                    + "; unpack the archive again rather than mixing variants");
        }
    }

    /** path to {label, is_valid}. */
    private static Map<String, String[]> parse(String csv) {
        List<String> lines = csv.lines().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(LABEL_FILE + " is empty; restore it from the"
                    + " Imagenette archive");
        }
        List<String> header = List.of(lines.get(0).strip().split(","));
        int path = column(header, "path");
        int label = column(header, "noisy_labels_0");
        int valid = column(header, "is_valid");
        int needed = Math.max(path, Math.max(label, valid));
        Map<String, String[]> rows = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.strip().split(",");
            if (cells.length <= needed) {
                throw new IllegalArgumentException(LABEL_FILE + " line '" + line + "' has "
                        + cells.length + " cells, expected " + header.size());
            }
            rows.put(cells[path], new String[] {cells[label], cells[valid]});
        }
        return rows;
    }

    private static int column(List<String> header, String name) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(LABEL_FILE + " has no '" + name + "' column (its"
                    + " columns are " + header + "); restore it from the Imagenette archive");
        }
        return index;
    }
}
