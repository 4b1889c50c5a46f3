package ai.liouna.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.liouna.data.Manifest;
import ai.liouna.model.Backbone;
import ai.liouna.model.BackboneIO;
import ai.liouna.util.Json;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Writes datasets and backbones in the layout ingest and pretrain produce, for job tests. */
final class TestDatasets {

    /** Draws the CHW pixels of one image of class {@code label}. */
    @FunctionalInterface
    interface ImageSource {
        byte[] image(int label, Random random);
    }

    private TestDatasets() {
    }

    /** Writes {@code images} images of a split; image {@code id} has label {@code id % classes}. */
    static void writeSplit(SparkSession spark, String root, String split, int images,
                           int classes, int size, ImageSource source, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int id = 0; id < images; id++) {
            int label = id % classes;
            rows.add(RowFactory.create((long) id, split, label, null, size, size, 3,
                    source.image(label, random), split + "#" + id));
        }
        spark.createDataFrame(rows, ShardSchema.SCHEMA)
                .repartition(Math.max(1, images / 8192)).write().parquet(root + "/" + split);
    }

    /** A manifest of 3-channel {@code size} x {@code size} images with labelled splits. */
    static void writeManifest(String root, int size, List<String> classNames,
                              Map<String, Integer> splitImages) throws IOException {
        Map<String, Manifest.SplitSummary> splits = new LinkedHashMap<>();
        splitImages.forEach((split, images) -> splits.put(split,
                new Manifest.SplitSummary(images, Map.of(), 0, true)));
        Manifest manifest = new Manifest("synthetic", "test", 3, size, size, classNames, splits,
                new double[] {0.5, 0.5, 0.5}, new double[] {0.3, 0.3, 0.3}, 1, 1024, Map.of(),
                List.of(), "", "test", "2024-01-01T00:00:00Z");
        Files.writeString(Path.of(root, Manifest.FILE_NAME), Json.write(manifest));
    }

    static void writeBackbone(Path file, Backbone backbone) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            BackboneIO.write(backbone, out);
        }
    }
}
