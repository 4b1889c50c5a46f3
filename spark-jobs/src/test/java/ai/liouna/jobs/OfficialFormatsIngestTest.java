package ai.liouna.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.liouna.data.Manifest;
import ai.liouna.data.source.Checksums;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ingest of the binary CIFAR and STL-10 layouts and of Imagenette, on generated files. */
class OfficialFormatsIngestTest {

    @TempDir
    Path work;

    private void ingest(String format, Path source, Path shards, String... overrides)
            throws Exception {
        List<String> all = new ArrayList<>(List.of("ingest.format=" + format,
                "ingest.source=\"" + source + "\"", "data.shards=\"" + shards + "\"",
                "run.output=\"" + work.resolve("run-" + shards.getFileName()) + "\"",
                "ingest.shards=2"));
        all.addAll(List.of(overrides));
        LocalSpark.run("ingest", all.toArray(String[]::new));
    }

    private static List<Row> rows(Path split) {
        return LocalSpark.session().read().parquet(split.toString()).orderBy("id")
                .collectAsList();
    }

    @Test
    void cifar10ArchiveKeepsLabelsPixelsAndRecordOrder() throws Exception {
        Path folder = TestSources.cifar10(work.resolve("raw"), 40);
        Path archive = TestSources.tarGz(folder, work.resolve("cifar-10-binary.tar.gz"));
        Path shards = work.resolve("cifar10");

        ingest("cifar10", archive, shards, "ingest.rowGroupImages=16");

        Manifest manifest = OfficialFormatsIngestTest.manifest(shards);
        assertEquals("cifar10", manifest.dataset());
        assertEquals(200, manifest.split("train").images());
        assertEquals(40, manifest.split("test").images());
        assertEquals(20L, manifest.split("train").classCounts().get("truck"));
        assertEquals(Map.of("cifar-10-binary.tar.gz", Checksums.sha256(Files.readAllBytes(
                archive))), manifest.sourceChecksums());
        List<Row> train = rows(shards.resolve("train"));
        Row row = train.get(57);
        assertEquals(57L, row.getLong(0));
        assertEquals("data_batch_2.bin#17", row.getString(row.fieldIndex("source")));
        assertEquals(7, row.getInt(row.fieldIndex("label")));
        byte[] pixels = (byte[]) row.get(row.fieldIndex("pixels"));
        assertArrayEquals(Arrays.copyOfRange(TestSources.cifarRecord(17), 1, 3073),
                pixels);
        assertEquals(List.of(16L, 16L, 16L, 16L, 16L, 16L, 4L),
                rowGroups(shards.resolve("train")).get(0));
    }

    private static List<List<Long>> rowGroups(Path split) throws IOException {
        List<List<Long>> groups = new ArrayList<>();
        for (Path part : IngestJobTest.parts(split)) {
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                    new org.apache.hadoop.fs.Path(part.toUri()), new Configuration()))) {
                groups.add(reader.getFooter().getBlocks().stream()
                        .map(BlockMetaData::getRowCount).toList());
            }
        }
        return groups;
    }

    static Manifest manifest(Path shards) throws IOException {
        return IngestJobTest.manifest(shards);
    }

    @Test
    void truncatedCifarRecordFileIsNamedWithItsSize() throws Exception {
        Path folder = TestSources.cifar10(work.resolve("raw"), 10);
        Files.write(folder.resolve("data_batch_1.bin"), new byte[30721]);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ingest("cifar10", work.resolve("raw"), work.resolve("bad")));

        assertTrue(error.getMessage().startsWith("CIFAR record file data_batch_1.bin is 30721"
                + " bytes, not a multiple of 3073"), error.getMessage());
        assertFalse(Files.exists(work.resolve("bad")));
    }

    @Test
    void missingFileOfTheLayoutIsNamed() throws Exception {
        Path folder = TestSources.cifar10(work.resolve("raw"), 10);
        Files.delete(folder.resolve("data_batch_4.bin"));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ingest("cifar10", folder, work.resolve("bad")));

        assertTrue(error.getMessage().contains("data_batch_4.bin is missing from"),
                error.getMessage());
    }

    @Test
    void stl10ImagesComeOutUprightWithLabelsFoldsAndUnlabeledRows() throws Exception {
        Path folder = TestSources.stl10(work.resolve("raw"), 12, 6, 9);
        Path shards = work.resolve("stl10");

        ingest("stl10", work.resolve("raw"), shards);

        Manifest manifest = manifest(shards);
        assertEquals(List.of(12L, 6L, 9L), List.of(manifest.split("train").images(),
                manifest.split("test").images(), manifest.split("unlabeled").images()));
        assertFalse(manifest.split("unlabeled").labeled());
        assertEquals(List.of("train", "unlabeled"), manifest.statsSplits());
        assertTrue(manifest.sourceChecksums().containsKey("stl10_binary/unlabeled_X.bin"));
        Row train = rows(shards.resolve("train")).get(3);
        assertEquals(3, train.getInt(train.fieldIndex("label")));
        assertEquals(List.of(2, 3), train.getList(train.fieldIndex("folds")));
        assertUpright(train, 3);
        Row unlabeled = rows(shards.resolve("unlabeled")).get(8);
        assertTrue(unlabeled.isNullAt(unlabeled.fieldIndex("label")));
        assertTrue(unlabeled.isNullAt(unlabeled.fieldIndex("folds")));
        assertUpright(unlabeled, 8);
        assertNull(rows(shards.resolve("test")).get(0).get(3));
        assertTrue(Files.exists(folder));
    }

    private static void assertUpright(Row row, int index) {
        byte[] pixels = (byte[]) row.get(row.fieldIndex("pixels"));
        assertEquals(96, row.getInt(row.fieldIndex("height")));
        for (int channel = 0; channel < 3; channel++) {
            for (int y = 0; y < 96; y += 5) {
                for (int x = 0; x < 96; x += 7) {
                    assertEquals(TestSources.stlUpright(index, channel, y, x),
                            pixels[(channel * 96 + y) * 96 + x] & 0xFF);
                }
            }
        }
    }

    @Test
    void stl10LabelFileThatDisagreesIsRejected() throws Exception {
        Path folder = TestSources.stl10(work.resolve("raw"), 12, 6, 3);
        Files.write(folder.resolve("train_y.bin"), TestSources.stlLabels(11));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ingest("stl10", folder, work.resolve("bad")));

        assertTrue(error.getMessage().contains("train_y.bin holds 11 labels but train_X.bin"
                + " holds 12 images"), error.getMessage());
    }

    @Test
    void imagenetteIsResizedAndNamed() throws Exception {
        Path top = work.resolve("raw/imagenette2-160");
        StringBuilder csv = new StringBuilder("path,noisy_labels_0,noisy_labels_1,"
                + "noisy_labels_5,noisy_labels_25,noisy_labels_50,is_valid\n");
        String[] wordNetIds = {"n01440764", "n03888605"};
        for (String split : List.of("train", "val")) {
            for (int label = 0; label < 2; label++) {
                Path folder = Files.createDirectories(top.resolve(split).resolve(
                        wordNetIds[label]));
                for (int i = 0; i < 3; i++) {
                    String name = wordNetIds[label] + "_" + i + ".JPEG";
                    Files.write(folder.resolve(name), TestSources.encode(
                            TestSources.flat(20 + 10 * i, 30, label, i), "jpg"));
                    String id = wordNetIds[label];
                    csv.append(split).append('/').append(id).append('/').append(name)
                            .append((',' + id).repeat(5)).append(',')
                            .append(split.equals("val") ? "True" : "False").append('\n');
                }
            }
        }
        Files.writeString(top.resolve("noisy_imagenette.csv"), csv);
        Path shards = work.resolve("imagenette");

        ingest("imagenette", top, shards, "ingest.imageSize=12");

        Manifest manifest = manifest(shards);
        assertEquals("imagenette2-160", manifest.dataset());
        assertEquals(List.of("tench", "parachute"), manifest.classNames());
        assertEquals(12, manifest.height());
        assertEquals(6, manifest.split("val").images());
        assertEquals(3L, manifest.split("val").classCounts().get("parachute"));
    }
}
