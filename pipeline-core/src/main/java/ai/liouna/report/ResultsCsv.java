package ai.liouna.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads and writes an experiment's {@code results.csv}: a header, then one row per run and
 * block (long format). Columns are found by their header name, so extra columns and any column
 * order are fine; fields may be quoted as in RFC 4180. Accuracies are fractions; a column of
 * percentages (any value above 1) is read as such and divided by 100.
 */
public final class ResultsCsv {

    /** The file name inside an experiment directory. */
    public static final String FILE_NAME = "results.csv";
    /** The aggregate tables the experiment command writes beside it. */
    public static final String MARKDOWN_FILE_NAME = "results.md";

    /** The columns a reader needs, in the order {@link #format} writes them. */
    public static final List<String> COLUMNS = List.of("run", "algorithm", "design", "dataset",
            "seed", "block", "trained_top1", "random_top1", "seconds");

    private ResultsCsv() {
    }

    /** The rows of {@code text}; {@code source} names the file in error messages. */
    public static List<ResultRow> parse(String text, String source) {
        List<List<String>> records = records(text);
        if (records.isEmpty()) {
            throw new IllegalArgumentException(source + " is empty; expected a header with the"
                    + " columns " + String.join(",", COLUMNS));
        }
        Map<String, Integer> index = headerIndex(records.get(0), source);
        List<ResultRow> rows = new ArrayList<>();
        for (int line = 1; line < records.size(); line++) {
            List<String> fields = records.get(line);
            if (fields.size() == 1 && fields.get(0).isBlank()) {
                continue;
            }
            rows.add(row(fields, index, source, line + 1));
        }
        return percentagesAsFractions(rows);
    }

    /** {@code rows} as CSV text with the {@link #COLUMNS} header. */
    public static String format(List<ResultRow> rows) {
        StringBuilder text = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (ResultRow row : rows) {
            text.append(String.join(",", quote(row.run()), quote(row.algorithm()),
                    quote(row.design()), quote(row.dataset()), Long.toString(row.seed()),
                    Integer.toString(row.block()), number(row.trainedTop1()),
                    number(row.randomTop1()), number(row.seconds()))).append('\n');
        }
        return text.toString();
    }

    private static Map<String, Integer> headerIndex(List<String> header, String source) {
        Map<String, Integer> index = new HashMap<>();
        for (int column = 0; column < header.size(); column++) {
            index.put(header.get(column).trim().toLowerCase(Locale.ROOT), column);
        }
        List<String> missing = COLUMNS.stream().filter(name -> !index.containsKey(name))
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(source + " lacks the columns " + missing
                    + "; its header is " + header + ", and a results file needs "
                    + String.join(",", COLUMNS) + " (more columns are fine)");
        }
        return index;
    }

    private static ResultRow row(List<String> fields, Map<String, Integer> index,
                                 String source, int line) {
        Field field = name -> {
            int column = index.get(name);
            return column < fields.size() ? fields.get(column).trim() : "";
        };
        try {
            return new ResultRow(field.get("run"), field.get("algorithm"), field.get("design"),
                    field.get("dataset"), Long.parseLong(field.get("seed")),
                    Integer.parseInt(field.get("block")), decimal(field.get("trained_top1")),
                    decimal(field.get("random_top1")), decimal(field.get("seconds")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " line " + line + ": " + e.getMessage()
                    + "; seed and block must be integers, the accuracies and seconds numbers"
                    + " (or empty)", e);
        }
    }

    /** A named field of the current line. */
    @FunctionalInterface
    private interface Field {
        String get(String name);
    }

    /** Empty, NaN and null read as a missing value. */
    private static double decimal(String text) {
        if (text.isEmpty() || text.equalsIgnoreCase("nan") || text.equalsIgnoreCase("null")) {
            return Double.NaN;
        }
        return Double.parseDouble(text);
    }

    private static List<ResultRow> percentagesAsFractions(List<ResultRow> rows) {
        boolean trainedInPercent = rows.stream().anyMatch(row -> row.trainedTop1() > 1.0);
        boolean randomInPercent = rows.stream().anyMatch(row -> row.randomTop1() > 1.0);
        if (!trainedInPercent && !randomInPercent) {
            return rows;
        }
        return rows.stream().map(row -> new ResultRow(row.run(), row.algorithm(), row.design(),
                row.dataset(), row.seed(), row.block(),
                trainedInPercent ? row.trainedTop1() / 100 : row.trainedTop1(),
                randomInPercent ? row.randomTop1() / 100 : row.randomTop1(),
                row.seconds())).toList();
    }

    /** Splits CSV text into records of fields; quoted fields may hold commas and newlines. */
    static List<List<String>> records(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                field.setLength(0);
                records.add(fields);
                fields = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !fields.isEmpty()) {
            fields.add(field.toString());
            records.add(fields);
        }
        return records;
    }

    private static String quote(String text) {
        boolean plain = text.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n'
                || c == '\r');
        return plain ? text : '"' + text.replace("\"", "\"\"") + '"';
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : Double.toString(value);
    }
}
