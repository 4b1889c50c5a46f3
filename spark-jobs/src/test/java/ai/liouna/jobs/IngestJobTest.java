package ai.liouna.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ai.liouna.config.SettingsException;
import ai.liouna.data.ImageBlock;
import ai.liouna.data.Manifest;
import ai.liouna.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest command end to end on Spark's local mode, over small generated image folders. */
class IngestJobTest {

    private static final List<String> CLASSES = List.of("cat", "dog");

    @TempDir
    static Path shared;

    /** cat and dog, 12 training and 4 test PNGs each, and a 13th, truncated JPEG cat. */
    private static Path source;

    /** The source ingested once with seed 7, for the tests that only read. */
    private static Path base;

    @TempDir
    Path work;

    @BeforeAll
    static void ingestSource() throws Exception {
        source = TestSources.imageFolder(shared, "pets", CLASSES, 12, 4);
        Files.write(source.resolve("train/cat/broken.jpg"), TestSources.truncatedJpeg());
        Files.writeString(source.resolve("LICENSE.txt"), "not an image");
        base = shared.resolve("base");
        ingest(shared, base, "run.seed=7");
    }

    static SparkSession spark() {
        return LocalSpark.session();
    }

    private void ingest(Path shards, String... overrides) throws Exception {
        ingest(work, shards, overrides);
    }

    /** Ingests the source into {@code shards}, with its run output in {@code folder}. */
    private static void ingest(Path folder, Path shards, String... overrides) throws Exception {
        List<String> all = new ArrayList<>(List.of("ingest.format=image-folder",
                "ingest.source=\"" + source + "\"", "data.shards=\"" + shards + "\"",
                "run.output=\"" + folder.resolve("run-" + shards.getFileName()) + "\"",
                "ingest.shards=3", "ingest.rowGroupImages=4"));
        all.addAll(List.of(overrides));
        LocalSpark.run("ingest", all.toArray(String[]::new));
    }

    static Manifest manifest(Path shards) throws IOException {
        return Json.read(Files.readString(shards.resolve(Manifest.FILE_NAME)), Manifest.class);
    }

    static List<Path> parts(Path split) throws IOException {
        try (Stream<Path> files = Files.list(split)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted()
                    .toList();
        }
    }

    @Test
    void imageFolderEndToEnd() throws Exception {
        Path shards = base;

        Manifest manifest = manifest(shards);
        assertEquals("pets", manifest.dataset());
        assertEquals(CLASSES, manifest.classNames());
        assertEquals(3, manifest.channels());
        assertEquals(16, manifest.height());
        assertEquals(24, manifest.split("train").images());
        assertEquals(1, manifest.split("train").corrupt());
        assertEquals(Map.of("cat", 12L, "dog", 12L), manifest.split("train").classCounts());
        assertEquals(8, manifest.split("test").images());
        assertEquals("train/cat/broken.jpg", manifest.corruptExamples().get(0).source());
        assertEquals(List.of("train"), manifest.statsSplits());
        assertTrue(manifest.sourceChecksums().get("pets/").matches("[0-9a-f]{64}"));
        assertEquals(3, parts(shards.resolve("train")).size());
        checkChannelMeans(manifest);
        checkRowsAgainstSource(shards);
        checkSummary(shared.resolve("run-base/ingest/summary.json"));
    }

    private static void checkChannelMeans(Manifest manifest) {
        for (int channel = 0; channel < 3; channel++) {
            double sum = 0;
            int count = 0;
            for (int label = 0; label < 2; label++) {
                for (int index = 0; index < 12; index++) {
                    sum += TestSources.shade(label, index, channel) / 255.0;
                    count++;
                }
            }
            assertEquals(sum / count, manifest.channelMeans()[channel], 1e-9);
        }
    }

    private static void checkRowsAgainstSource(Path shards) {
        List<Row> rows = spark().read().parquet(shards.resolve("train").toString())
                .collectAsList();
        assertEquals(24, rows.size());
        for (Row row : rows) {
            String file = row.getString(row.fieldIndex("source"));
            int label = row.getInt(row.fieldIndex("label"));
            assertEquals(file.contains("/cat/") ? 0 : 1, label, file);
            int index = Integer.parseInt(file.substring(file.lastIndexOf('/') + 1,
                    file.lastIndexOf('.')));
            byte[] pixels = (byte[]) row.get(row.fieldIndex("pixels"));
            assertEquals(3 * 16 * 16, pixels.length);
            assertEquals(TestSources.shade(label, index, 2), pixels[2 * 256 + 17] & 0xFF);
            assertEquals("train", row.getString(row.fieldIndex("split")));
        }
        StructField[] fields = spark().read().parquet(shards.resolve("train").toString())
                .schema().fields();
        StructField[] expected = ShardSchema.SCHEMA.fields();
        assertEquals(expected.length, fields.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].name(), fields[i].name());
            assertEquals(expected[i].dataType().typeName(), fields[i].dataType().typeName());
        }
        assertEquals(DataTypes.createArrayType(DataTypes.IntegerType, true).simpleString(),
                fields[3].dataType().simpleString());
    }

    private static void checkSummary(Path summary) throws IOException {
        JsonNode json = Json.mapper().readTree(summary.toFile());
        assertEquals(24, json.at("/metrics/images/train").asLong());
        assertEquals(1, json.at("/metrics/corruptImages/train").asLong());
        assertTrue(json.at("/metrics/imagesPerSecond").asLong() > 0);
        assertTrue(json.at("/timingsSeconds/write train").asDouble() > 0);
        assertEquals("pets", json.at("/manifest/dataset").asText());
    }

    @Test
    void shardStoreReadsTheIngestedDataset() {
        Path shards = base;

        ShardStore store = new ShardStore(spark(), new HadoopFiles(
                spark().sparkContext().hadoopConfiguration()), shards.toString());
        List<ImageBlock> blocks = store.blocks(List.of("train", "test"), 2, 5).collect();

        assertEquals(32, blocks.stream().mapToInt(ImageBlock::size).sum());
        assertEquals(0.5, store.manifest().channelStats().mean(0), 0.5);
    }

    @Test
    void sameSeedWritesTheSameShardsAndAnotherSeedDoesNot() throws Exception {
        ingest(work.resolve("second"), "run.seed=7");
        ingest(work.resolve("third"), "run.seed=8");

        List<List<Long>> first = idsPerShard(base.resolve("train"));
        assertEquals(first, idsPerShard(work.resolve("second/train")));
        assertNotEquals(first, idsPerShard(work.resolve("third/train")));
        assertEquals(24, first.stream().mapToInt(List::size).sum());
        assertTrue(first.stream().allMatch(ids -> ids.size() >= 7 && ids.size() <= 9), "" + first);
    }

    private static List<List<Long>> idsPerShard(Path split) throws IOException {
        List<List<Long>> shards = new ArrayList<>();
        for (Path part : parts(split)) {
            shards.add(spark().read().parquet(part.toString()).select("id").collectAsList()
                    .stream().map(row -> row.getLong(0)).toList());
        }
        return shards;
    }

    @Test
    void existingDatasetIsReplacedOnlyWhenAskedAndOnlyBySuccess() throws Exception {
        Path shards = work.resolve("twice");
        ingest(shards);
        String created = manifest(shards).createdAt();

        SettingsException refused = assertThrows(SettingsException.class,
                () -> ingest(shards, "run.overwrite=true"));
        assertThrows(IllegalArgumentException.class, () -> ingest(shards, "run.overwrite=true",
                "ingest.overwrite=true", "ingest.onCorruptImage=fail"));
        assertEquals(created, manifest(shards).createdAt());
        assertEquals(3, parts(shards.resolve("train")).size());
        ingest(shards, "run.overwrite=true", "ingest.overwrite=true");

        assertTrue(refused.getMessage().contains("data.shards=" + shards), refused.getMessage());
        assertTrue(refused.getMessage().contains("ingest.overwrite=true"));
        assertNotEquals(created, manifest(shards).createdAt());
        assertFalse(hasLeftovers(work));
    }

    @Test
    void folderThatIsNoDatasetIsNeverReplaced() throws Exception {
        Path precious = Files.createDirectories(work.resolve("precious"));
        Files.writeString(precious.resolve("notes.txt"), "keep me");

        SettingsException refused = assertThrows(SettingsException.class,
                () -> ingest(precious, "ingest.overwrite=true"));

        assertTrue(refused.getMessage().contains("is not a dataset"), refused.getMessage());
        assertEquals("keep me", Files.readString(precious.resolve("notes.txt")));
    }

    @Test
    void failedRunLeavesNoDatasetBehind() throws Exception {
        Path shards = work.resolve("failed");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ingest(shards, "ingest.onCorruptImage=fail"));

        assertTrue(error.getMessage().contains("image train/cat/broken.jpg cannot be decoded"),
                error.getMessage());
        assertTrue(error.getMessage().contains("ingest.onCorruptImage=skip"));
        assertFalse(Files.exists(shards));
        assertFalse(hasLeftovers(work));
    }

    /** Whether a staging folder of some ingest is still there. */
    private static boolean hasLeftovers(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(p -> p.getFileName().toString().contains(".ingest-"));
        }
    }

    @Test
    void grayChannelAndResizeAreApplied() throws Exception {
        Path shards = work.resolve("gray");

        ingest(shards, "ingest.channels=1", "ingest.imageSize=8");

        Manifest manifest = manifest(shards);
        assertEquals(1, manifest.channels());
        assertEquals(8, manifest.height());
        Row row = spark().read().parquet(shards.resolve("test").toString()).first();
        assertEquals(64, ((byte[]) row.get(row.fieldIndex("pixels"))).length);
        assertNull(manifest.split("test").classCounts().get("bird"));
    }

    @Test
    void missingSourceNamesTheKey() {
        SettingsException error = assertThrows(SettingsException.class, () -> LocalSpark.run(
                "ingest", "ingest.source=\"" + work.resolve("nowhere") + "\"",
                "data.shards=\"" + work.resolve("x") + "\"",
                "run.output=\"" + work.resolve("run") + "\""));

        assertTrue(error.getMessage().startsWith("ingest.source=" + work.resolve("nowhere")
                + " does not exist"), error.getMessage());
        assertFalse(hasLeftoversQuietly(work));
    }

    private static boolean hasLeftoversQuietly(Path folder) {
        try {
            return hasLeftovers(folder);
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void idsFollowTheSortedSourcePaths() {
        List<Row> rows = spark().read().parquet(base.resolve("test").toString())
                .select("id", "label", "source").orderBy("id").collectAsList();

        assertEquals(8, rows.size());
        assertEquals("test/cat/0000.png", rows.get(0).getString(2));
        assertEquals("test/dog/0003.png", rows.get(7).getString(2));
        assertEquals(1, rows.get(7).getInt(1));
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7},
                rows.stream().mapToLong(r -> r.getLong(0)).toArray());
    }
}
