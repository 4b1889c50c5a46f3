package ai.liouna.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import ai.liouna.config.Settings;
import ai.liouna.data.ImageBlock;
import ai.liouna.data.Manifest;
import ai.liouna.model.Backbone;
import ai.liouna.model.BackboneIO;
import ai.liouna.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import ai.liouna.jobs.HadoopFiles;
import ai.liouna.jobs.Main;
import ai.liouna.jobs.PretrainJob;
import ai.liouna.jobs.ShardStore;
import ai.liouna.jobs.SparkSessions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest with both its source and its dataset on S3 (s3a://), against a real S3-compatible
 * server on the loopback interface, the dataset read back through {@link ShardStore}, then a
 * pretrain run that reads the shards from S3 and writes its checkpoints and backbone there.
 */
class S3IngestTest {

    private static final String BUCKET = "liouna";
    private static final String SHARDS = "s3a://" + BUCKET + "/shards/tiny";
    private static final String RUN = "s3a://" + BUCKET + "/runs/it";

    @TempDir
    static java.nio.file.Path folder;

    private static S3ProxyServer server;
    private static SparkSession spark;

    @BeforeAll
    static void startServerAndSpark() throws IOException {
        server = S3ProxyServer.start(folder, BUCKET);
        spark = SparkSessions.create(Settings.defaults(arguments().toArray(String[]::new)));
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Local mode and the server's s3.* settings: what every command of this test passes. */
    private static List<String> arguments(String... more) {
        List<String> arguments = new ArrayList<>(List.of("spark.master=\"local[2]\"",
                "spark.conf.\"spark.ui.enabled\"=false",
                "spark.conf.\"spark.ui.showConsoleProgress\"=false",
                "spark.conf.\"spark.sql.shuffle.partitions\"=2"));
        arguments.addAll(server.settings(more));
        return arguments;
    }

    @Test
    void ingestFromS3ToS3ThenReadBack() throws Exception {
        HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
        Path archive = new Path("s3a://" + BUCKET + "/raw/tiny.tar.gz");
        files.writeBytes(archive, tinyDataset());

        List<String> command = new ArrayList<>(List.of("ingest"));
        command.addAll(arguments("ingest.format=image-folder",
                "ingest.source=\"" + archive + "\"", "data.shards=\"" + SHARDS + "\"",
                "run.output=\"" + RUN + "\"", "ingest.shards=2", "ingest.rowGroupImages=4"));
        Main.run(command.toArray(String[]::new));

        ShardStore store = new ShardStore(spark, files, SHARDS);
        Manifest manifest = store.manifest();
        assertEquals(List.of("circle", "square"), manifest.classNames());
        assertEquals(12, manifest.split("train").images());
        assertEquals(4, manifest.split("test").images());
        List<ImageBlock> blocks = store.blocks(List.of("train"), 2, 1).collect();
        assertEquals(12, blocks.stream().mapToInt(ImageBlock::size).sum());
        List<String> keys = server.keys(BUCKET, "shards/");
        assertEquals(2, keys.stream().filter(key -> key.startsWith("shards/tiny/train/part-")
                && key.endsWith(".parquet")).count(), keys.toString());
        assertTrue(keys.stream().noneMatch(key -> key.contains(".ingest-")), keys.toString());

        String summary = files.readText(new Path(RUN + "/ingest/summary.json"));
        String manifestText = files.readText(new Path(SHARDS + "/manifest.json"));
        for (String text : List.of(summary, manifestText)) {
            assertFalse(text.contains(S3ProxyServer.SECRET_KEY), "secret key leaked");
            assertFalse(text.contains(S3ProxyServer.ACCESS_KEY), "access key leaked");
        }
        assertTrue(summary.contains(Settings.MASK));

        pretrainFromS3(files);
    }

    /** A pretrain run that reads the shards from S3 and checkpoints and saves to S3. */
    private void pretrainFromS3(HadoopFiles files) throws Exception {
        List<String> command = new ArrayList<>(List.of("pretrain"));
        command.addAll(arguments("data.shards=\"" + SHARDS + "\"", "run.output=\"" + RUN + "\"",
                "model.channels=[4,8]", "model.kernelSizes=[3,3]", "pretrain.epochs=2",
                "pretrain.batchSize=4", "pretrain.partitions=2", "pretrain.checkpointEvery=2"));
        assertEquals(0, Main.run(command.toArray(String[]::new)));

        List<String> keys = server.keys(BUCKET, "runs/it/pretrain/");
        assertTrue(keys.contains("runs/it/pretrain/" + PretrainJob.BACKBONE_FILE), keys.toString());
        assertTrue(keys.stream().anyMatch(key -> key.contains("/checkpoints/step-")),
                keys.toString());
        Backbone backbone;
        try (InputStream in = new ByteArrayInputStream(files.readBytes(
                new Path(RUN + "/pretrain/" + PretrainJob.BACKBONE_FILE)))) {
            backbone = BackboneIO.read(in);
        }
        assertEquals(List.of(4, 8), backbone.spec().channels());
        JsonNode summary = Json.mapper().readTree(files.readText(
                new Path(RUN + "/pretrain/summary.json")));
        assertEquals(2 * (12 / 4), summary.get("metrics").get("steps").asInt());
        assertEquals(12, summary.get("manifest").get("splits").get("train").get("images").asInt());
    }

    /** train and test folders of two 8x8 PNG classes in a .tar.gz, top folder "tiny". */
    private static byte[] tinyDataset() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
                new GzipCompressorOutputStream(bytes))) {
            for (String split : List.of("train", "test")) {
                int count = split.equals("train") ? 6 : 2;
                for (String shape : List.of("circle", "square")) {
                    for (int i = 0; i < count; i++) {
                        add(tar, "tiny/" + split + "/" + shape + "/" + i + ".png",
                                png(shape.equals("circle") ? 60 + i : 180 + i));
                    }
                }
            }
        }
        return bytes.toByteArray();
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] content)
            throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static byte[] png(int gray) throws IOException {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                image.setRGB(x, y, gray << 16 | (gray / 2) << 8 | (255 - gray));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
