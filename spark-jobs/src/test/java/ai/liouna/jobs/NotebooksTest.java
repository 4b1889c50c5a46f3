package ai.liouna.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ai.liouna.report.Embedding;
import ai.liouna.report.ResultsCsv;
import ai.liouna.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Zeppelin notes under {@code notebooks/}: each is a note current Zeppelin imports, and
 * everything a note relies on exists in the project. Classes and members are checked by
 * reflection; the files, JSON fields and columns a note reads are checked against what the
 * jobs really write, on a tiny pretrain + probe run.
 */
class NotebooksTest {

    private static final Set<String> INTERPRETERS = Set.of("%spark", "%spark.sql", "%md");
    private static final Set<String> CHARTS = Set.of("table", "lineChart", "multiBarChart",
            "scatterChart", "stackedAreaChart", "pieChart");
    private static final Set<String> SQL_WORDS = Set.of("select", "from", "where", "group",
            "by", "order", "as", "and", "or", "not", "is", "null", "cross", "join", "inner",
            "left", "on", "union", "all", "distinct", "limit", "having", "desc", "asc", "case",
            "when", "then", "else", "end", "in", "between", "like", "true", "false", "over",
            "partition", "explode", "posexplode", "count", "sum", "avg", "min", "max", "round",
            "concat", "abs", "isnan", "stddev_samp", "from_json", "to_json", "cast", "double",
            "string", "int", "map", "element_at", "coalesce");

    /** Every JSON path of the summaries, metrics and files the jobs write, and columns. */
    private static Set<String> fields;
    /** Paths inside the elements of the summaries' arrays, e.g. trained.test_top1. */
    private static Set<String> elementPaths;
    /** First segments of summary paths: command, metrics, config, manifest, ... */
    private static Set<String> summaryRoots;

    @BeforeAll
    static void readWhatTheJobsWrite() throws Exception {
        Path run = TinyRun.output();
        fields = new HashSet<>();
        elementPaths = new HashSet<>();
        summaryRoots = new HashSet<>();
        for (String summary : List.of(RunOutputs.PRETRAIN_SUMMARY, RunOutputs.PROBE_SUMMARY)) {
            JsonNode json = Json.mapper().readTree(run.resolve(summary).toFile());
            json.fieldNames().forEachRemaining(summaryRoots::add);
            paths(json, "", fields);
        }
        String step = Files.readAllLines(run.resolve(RunOutputs.PRETRAIN_METRICS)).get(0);
        Json.mapper().readTree(step).fieldNames().forEachRemaining(fields::add);
        fields.addAll(ResultsCsv.COLUMNS);
        Embedding example = new Embedding(1, new long[0], new int[0], new double[0][],
                List.of());
        fields.addAll(List.of(example.toCsv().trim().split(",")));
    }

    /** Adds the dotted paths below {@code node}; inside arrays, paths relative to elements. */
    private static void paths(JsonNode node, String prefix, Set<String> target) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                target.add(path);
                paths(field.getValue(), path, target);
            });
        } else if (node.isArray() && node.size() > 0 && node.get(0).isObject()) {
            paths(node.get(0), "", elementPaths);
        }
    }

    @Test
    void everyNoteIsAZeppelinNote() throws Exception {
        List<ZeppelinNote> notes = ZeppelinNote.all();
        assertEquals(3, notes.size(), "notes in " + ZeppelinNote.FOLDER.toAbsolutePath());
        Set<String> noteIds = new HashSet<>();
        for (ZeppelinNote note : notes) {
            JsonNode json = note.json;
            String id = json.path("id").asText();
            assertTrue(id.matches("[A-Z0-9]{9}"), note.name() + ": note id " + id);
            assertTrue(noteIds.add(id), note.name() + ": id used twice");
            assertTrue(note.name().endsWith("_" + id + ".zpln"), note.name());
            assertFalse(json.path("name").asText().isBlank(), note.name() + ": name");
            assertEquals("spark", json.path("defaultInterpreterGroup").asText());
            for (String field : List.of("config", "info", "noteParams", "noteForms",
                    "angularObjects")) {
                assertTrue(json.path(field).isObject(), note.name() + ": " + field);
            }
            checkParagraphs(note);
        }
    }

    private static void checkParagraphs(ZeppelinNote note) {
        JsonNode paragraphs = note.json.path("paragraphs");
        assertTrue(paragraphs.isArray() && paragraphs.size() >= 5, note.name());
        Set<String> ids = new HashSet<>();
        for (JsonNode paragraph : paragraphs) {
            String where = note.name() + " paragraph " + paragraph.path("id").asText();
            assertTrue(ids.add(paragraph.path("id").asText()), where + ": duplicate id");
            String tag = paragraph.path("text").asText().split("\\s", 2)[0];
            assertTrue(INTERPRETERS.contains(tag), where + ": interpreter " + tag);
            JsonNode config = paragraph.path("config");
            assertTrue(config.path("editorSetting").isObject(), where + ": editorSetting");
            assertTrue(config.path("editorMode").asText().startsWith("ace/mode/"), where);
            assertTrue(paragraph.path("settings").path("forms").isObject(), where);
            config.path("results").forEach(result -> assertTrue(CHARTS.contains(
                    result.path("graph").path("mode").asText()), where + ": chart " + result));
        }
        assertEquals("%md", paragraphs.get(0).path("text").asText().split("\\s", 2)[0],
                note.name() + " opens with an explanation");
    }

    @Test
    void everyProjectClassAndMemberANoteUsesExists() throws Exception {
        for (ZeppelinNote note : ZeppelinNote.all()) {
            String scala = note.scala();
            Map<String, Class<?>> imported = imports(note.name(), scala);
            for (String name : ZeppelinNote.matches(scala, "\\b(ai\\.liouna\\.[\\w.]*[A-Z]\\w*)",
                    1)) {
                Class.forName(name);
            }
            Map<String, Class<?>> typed = typedNames(scala, imported);
            for (Map.Entry<String, Class<?>> type : imported.entrySet()) {
                checkMembers(note.name(), scala, type.getKey(), type.getValue(), true);
                checkConstructors(note.name(), scala, type.getKey(), type.getValue());
            }
            for (Map.Entry<String, Class<?>> name : typed.entrySet()) {
                checkMembers(note.name(), scala, name.getKey(), name.getValue(), false);
            }
        }
    }

    /** Simple name to class, from {@code import ai.liouna.x.Y} and {@code x.{Y, Z}}. */
    private static Map<String, Class<?>> imports(String note, String scala) throws Exception {
        Map<String, Class<?>> classes = new HashMap<>();
        Matcher grouped = Pattern.compile("import\\s+(ai\\.liouna[\\w.]*)\\.\\{([^}]*)\\}")
                .matcher(scala);
        while (grouped.find()) {
            for (String simple : grouped.group(2).split(",")) {
                classes.put(simple.trim(), Class.forName(grouped.group(1) + "." + simple.trim()));
            }
        }
        Matcher single = Pattern.compile("(?m)^import\\s+(ai\\.liouna[\\w.]*\\.[A-Z]\\w*)\\s*$")
                .matcher(scala);
        while (single.find()) {
            String name = single.group(1);
            classes.put(name.substring(name.lastIndexOf('.') + 1), Class.forName(name));
        }
        assertFalse(classes.isEmpty(), note + " uses none of the project's classes");
        return classes;
    }

    /** Values and parameters of a project type: {@code x: Type} and {@code x = new Type(}. */
    private static Map<String, Class<?>> typedNames(String scala, Map<String, Class<?>> types) {
        Map<String, Class<?>> typed = new HashMap<>();
        for (Map.Entry<String, Class<?>> type : types.entrySet()) {
            String simple = Pattern.quote(type.getKey());
            for (String name : ZeppelinNote.matches(scala, "\\b(\\w+)\\s*:\\s*" + simple
                    + "\\b", 1)) {
                typed.put(name, type.getValue());
            }
            for (String name : ZeppelinNote.matches(scala, "\\bval\\s+(\\w+)\\s*=\\s*new\\s+"
                    + simple + "\\(", 1)) {
                typed.put(name, type.getValue());
            }
        }
        return typed;
    }

    /** Every {@code owner.member(args)} names a public member taking that many arguments. */
    private static void checkMembers(String note, String scala, String owner, Class<?> type,
                                     boolean statics) {
        Matcher use = Pattern.compile("(?<![\\w.])" + Pattern.quote(owner) + "\\.(\\w+)")
                .matcher(scala);
        while (use.find()) {
            String member = use.group(1);
            int arguments = arguments(scala, use.end());
            boolean exists = Stream.of(type.getMethods()).anyMatch(method ->
                    method.getName().equals(member) && Modifier.isStatic(method.getModifiers())
                            == statics && (arguments < 0 ? method.getParameterCount() == 0
                            : method.getParameterCount() == arguments))
                    || statics && arguments < 0 && Stream.of(type.getFields()).anyMatch(field ->
                    field.getName().equals(member) && Modifier.isStatic(field.getModifiers()));
            if (!exists) {
                fail(note + " calls " + owner + "." + member + " with " + Math.max(0, arguments)
                        + " arguments, but " + type.getName() + " has no such public "
                        + (statics ? "static " : "") + "member");
            }
        }
    }

    private static void checkConstructors(String note, String scala, String simple,
                                          Class<?> type) {
        Matcher use = Pattern.compile("\\bnew\\s+" + Pattern.quote(simple) + "\\(")
                .matcher(scala);
        while (use.find()) {
            int arguments = arguments(scala, use.end() - 1);
            assertTrue(Stream.of(type.getConstructors()).anyMatch(constructor ->
                    constructor.getParameterCount() == arguments), note + " constructs "
                    + simple + " with " + arguments + " arguments; no such public constructor");
        }
    }

    /** Arguments of the call whose '(' is at {@code at}; -1 when no parenthesis follows. */
    private static int arguments(String code, int at) {
        if (at >= code.length() || code.charAt(at) != '(') {
            return -1;
        }
        int depth = 0;
        int commas = 0;
        boolean empty = true;
        for (int i = at; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '"') {
                i = code.indexOf('"', i + 1);
                empty = false;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (--depth == 0) {
                    return empty ? 0 : commas + 1;
                }
            } else if (depth == 1 && c == ',') {
                commas++;
            } else if (depth == 1 && !Character.isWhitespace(c)) {
                empty = false;
            }
        }
        throw new IllegalStateException("unbalanced parentheses after offset " + at);
    }

    @Test
    void everyFileANoteReadsIsOneTheJobsWrite() throws Exception {
        Set<String> commands = Main.commands().keySet();
        Set<String> files = Set.of(PretrainJob.METRICS_FILE, PretrainJob.BACKBONE_FILE,
                JobContext.SUMMARY_FILE, ResultsCsv.FILE_NAME, ResultsCsv.MARKDOWN_FILE_NAME,
                ReportJob.REPORT_FILE);
        for (ZeppelinNote note : ZeppelinNote.all()) {
            String scala = note.scala();
            for (String folder : ZeppelinNote.matches(scala, "/(\\w+)/\\$\\{", 1)) {
                assertTrue(commands.contains(folder), note.name() + " reads a '" + folder
                        + "' folder, but no command writes one; commands: " + commands);
            }
            String strings = String.join("\n", ZeppelinNote.matches(scala, "\"([^\"]*)\"", 1));
            for (String literal : ZeppelinNote.matches(strings,
                    "([\\w-]+\\.(?:csv|json|jsonl|zip|png|html|md))\\b(?!\\()", 1)) {
                assertTrue(files.contains(literal) || literal.startsWith("summary"),
                        note.name() + " names the file " + literal + ", which no job writes;"
                                + " use the job's constant for it");
            }
            assertFalse(scala.contains("metrics.jsonl\""), "use PretrainJob.METRICS_FILE");
        }
        String text = Files.readString(ZeppelinNote.FOLDER.resolve(
                "liouna-training-dynamics_2LIOUNA1T.zpln"));
        assertTrue(text.contains("PretrainJob.METRICS_FILE"));
    }

    @Test
    void everyColumnANoteQueriesIsOneTheJobsWrite() throws Exception {
        for (ZeppelinNote note : ZeppelinNote.all()) {
            Set<String> aliases = new HashSet<>(note.scalaAliases());
            aliases.addAll(sqlAliases(note.sql()));
            for (String column : note.scalaColumns()) {
                checkColumn(note.name(), column, aliases);
            }
            for (String reference : sqlReferences(note, aliases)) {
                checkColumn(note.name(), reference, aliases);
            }
        }
    }

    /** A column name, or a dotted path into a summary or into an aliased struct. */
    private static void checkColumn(String note, String column, Set<String> aliases) {
        String[] parts = column.split("\\.", 2);
        boolean known;
        if (parts.length == 1) {
            known = fields.contains(column) || aliases.contains(column);
        } else if (summaryRoots.contains(parts[0])) {
            known = fields.contains(column);
        } else {
            known = aliases.contains(parts[0]) && (elementPaths.contains(parts[1])
                    || fields.contains(parts[1]));
        }
        assertTrue(known, note + " reads '" + column + "', which the jobs do not write"
                + " (not in the summaries, metrics.jsonl, results.csv or the embedding CSV)");
    }

    private static Set<String> sqlAliases(String sql) {
        Set<String> aliases = new LinkedHashSet<>(ZeppelinNote.matches(sql,
                "(?i)\\bas\\s+(\\w+)", 1));
        Matcher pair = Pattern.compile("(?i)\\bas\\s+\\((\\w+)\\s*,\\s*(\\w+)\\)").matcher(sql);
        while (pair.find()) {
            aliases.add(pair.group(1));
            aliases.add(pair.group(2));
        }
        return aliases;
    }

    /** Identifier chains of the SQL that name columns, after keywords, views and aliases. */
    private static List<String> sqlReferences(ZeppelinNote note, Set<String> aliases) {
        String sql = note.sql().replaceAll("\\$\\{[^}]*}", "0").replaceAll("'[^']*'", "''")
                .replaceAll("\\b[0-9]+(\\.[0-9]+)?(e-?[0-9]+)?\\b", "0");
        Set<String> views = note.views();
        Set<String> tableAliases = new HashSet<>();
        Matcher table = Pattern.compile("(?i)\\b(?:from|join)\\s+(\\w+)\\s+(\\w+)").matcher(sql);
        while (table.find()) {
            tableAliases.add(table.group(2));
        }
        List<String> references = new ArrayList<>();
        Matcher chain = Pattern.compile("\\b[A-Za-z_]\\w*(\\.[A-Za-z_]\\w*)*").matcher(sql);
        while (chain.find()) {
            String reference = chain.group();
            String[] parts = reference.split("\\.", 2);
            if (parts.length == 2 && tableAliases.contains(parts[0])) {
                reference = parts[1];
            }
            String word = reference.toLowerCase();
            if (!SQL_WORDS.contains(word) && !views.contains(reference)
                    && !tableAliases.contains(reference) && !aliases.contains(reference)) {
                references.add(reference);
            }
        }
        return references;
    }

    @Test
    void theReadmeSaysHowToAddTheJarToTheInterpreter() throws Exception {
        String readme = Files.readString(ZeppelinNote.FOLDER.resolve("README.md"));
        assertTrue(readme.contains("spark-jobs-0.1.0-SNAPSHOT-shaded.jar"));
        assertTrue(readme.contains("--add-opens"));
        for (ZeppelinNote note : ZeppelinNote.all()) {
            assertTrue(readme.contains(note.name()), "README lists " + note.name());
        }
    }
}
