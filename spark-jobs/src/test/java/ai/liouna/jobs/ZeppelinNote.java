package ai.liouna.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ai.liouna.util.Json;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Zeppelin note of {@code notebooks/} as the tests see it: its JSON, and the code of its
 * paragraphs split by interpreter, with what the code declares (imports, typed names, views,
 * column aliases).
 */
final class ZeppelinNote {

    /** The notes, relative to a module's directory (where Maven runs its tests). */
    static final Path FOLDER = Path.of("..", "notebooks");

    final Path file;
    final JsonNode json;

    private ZeppelinNote(Path file, JsonNode json) {
        this.file = file;
        this.json = json;
    }

    static List<ZeppelinNote> all() throws IOException {
        List<ZeppelinNote> notes = new ArrayList<>();
        try (Stream<Path> files = Files.list(FOLDER)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".zpln")).sorted()
                    .toList()) {
                notes.add(new ZeppelinNote(file, Json.mapper().readTree(file.toFile())));
            }
        }
        return notes;
    }

    String name() {
        return file.getFileName().toString();
    }

    /** The code of every paragraph run by {@code interpreter}, interpreter tag removed. */
    List<String> code(String interpreter) {
        List<String> code = new ArrayList<>();
        for (JsonNode paragraph : json.path("paragraphs")) {
            String text = paragraph.path("text").asText();
            String tag = text.split("\\s", 2)[0];
            if (tag.equals(interpreter)) {
                code.add(text.substring(tag.length()));
            }
        }
        return code;
    }

    String scala() {
        return String.join("\n", code("%spark"));
    }

    String sql() {
        return String.join("\n", code("%spark.sql"));
    }

    /** Every match of group {@code group} of {@code pattern} in {@code text}. */
    static Set<String> matches(String text, String pattern, int group) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = Pattern.compile(pattern).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(group));
        }
        return found;
    }

    /** Names a comma-separated list of quoted strings holds, e.g. {@code "a", "b"}. */
    static List<String> quoted(String list) {
        return new ArrayList<>(matches(list, "\"(\\w+)\"", 1));
    }

    /** Temporary views the Scala paragraphs register for SQL. */
    Set<String> views() {
        return matches(scala(), "createOrReplaceTempView\\(\"(\\w+)\"\\)", 1);
    }

    /** Column names the Scala paragraphs introduce (aliases, new columns, toDF names). */
    Set<String> scalaAliases() {
        String scala = scala();
        Set<String> aliases = new LinkedHashSet<>(matches(scala, "\\.as\\(\"(\\w+)\"\\)", 1));
        aliases.addAll(matches(scala, "withColumn\\(\"(\\w+)\"", 1));
        for (String list : matches(scala, "\\.as\\(Seq\\(([^)]*)\\)\\)", 1)) {
            aliases.addAll(quoted(list));
        }
        for (String list : matches(scala, "toDF\\(([^)]*)\\)", 1)) {
            aliases.addAll(quoted(list));
        }
        return aliases;
    }

    /** Column references of the Scala paragraphs: $"name" and col("name"). */
    Set<String> scalaColumns() {
        Set<String> columns = new LinkedHashSet<>(matches(scala(), "\\$\"([^\"]+)\"", 1));
        columns.addAll(matches(scala(), "\\bcol\\(\"([^\"]+)\"\\)", 1));
        columns.addAll(matches(scala(), "\\.select\\(\"([^\"]+)\"\\)", 1));
        return columns;
    }
}
