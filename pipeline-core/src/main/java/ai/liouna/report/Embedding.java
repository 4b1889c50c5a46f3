package ai.liouna.report;

import java.util.List;

/**
 * A 2-D map of some images' hidden activations at one block, with their classes.
 *
 * @param block      one-based block whose activations were embedded
 * @param ids        image id of each point
 * @param labels     class index of each point
 * @param points     per point, its x and y
 * @param classNames class names, indexed by label
 */
public record Embedding(int block, long[] ids, int[] labels, double[][] points,
                        List<String> classNames) {

    public Embedding {
        if (ids.length != labels.length || labels.length != points.length) {
            throw new IllegalArgumentException("embedding of block " + block + " has "
                    + ids.length + " ids, " + labels.length + " labels and " + points.length
                    + " points; they must match");
        }
    }

    public int size() {
        return points.length;
    }

    /** The name of class {@code label}, or the number itself when there are no names. */
    public String className(int label) {
        return label >= 0 && label < classNames.size() ? classNames.get(label)
                : Integer.toString(label);
    }

    /** {@code id,label,class,x,y} lines with a header, for notebooks and spreadsheets. */
    public String toCsv() {
        StringBuilder text = new StringBuilder("id,label,class,x,y\n");
        for (int i = 0; i < points.length; i++) {
            String name = className(labels[i]).replace("\"", "\"\"");
            text.append(ids[i]).append(',').append(labels[i]).append(",\"").append(name)
                    .append("\",").append(points[i][0]).append(',').append(points[i][1])
                    .append('\n');
        }
        return text.toString();
    }
}
