package ai.liouna.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import ai.liouna.data.ImageBlock;
import ai.liouna.data.Manifest;
import ai.liouna.model.Backbone;
import ai.liouna.model.BackboneIO;
import ai.liouna.supervised.HeldOutImages;
import ai.liouna.supervised.LocalPartitions;
import ai.liouna.supervised.SupervisedModel;
import ai.liouna.supervised.SupervisedResult;
import ai.liouna.supervised.SupervisedSettings;
import ai.liouna.supervised.SupervisedTrainer;
import ai.liouna.train.TrainingSetup;
import ai.liouna.util.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the supervised job on the shared local session over a tiny two-class dataset on two
 * partitions, and checks it against the single-process trainer of pipeline-core fed the same
 * partitions: same training losses, validation curve, test top-1 and trained backbone.
 */
class SupervisedJobTest {

    private static final int SIZE = 16;
    private static final int TRAIN = 96;
    private static final int TEST = 40;
    private static final float TOLERANCE = 1e-4f;

    @TempDir
    static Path directory;

    private static SparkSession spark;
    private static Path shards;

    @BeforeAll
    static void writeShards() throws Exception {
        spark = SparkTestSession.get();
        shards = directory.resolve("shards");
        TestShards.write(spark, shards, SIZE, TRAIN, TEST, 11);
    }

    private static Settings settings(String run, String... more) {
        List<String> overrides = new ArrayList<>(LocalSpark.SESSION);
        overrides.addAll(List.of("data.shards=\"" + shards + "\"",
                "run.output=\"" + directory.resolve(run) + "\"", "run.seed=5",
                "model.channels=[8,16]", "model.kernelSizes=[5,3]",
                "supervised.featureGrid=2", "supervised.epochs=3", "supervised.batchSize=24",
                "supervised.chunkSize=12", "supervised.learningRate=0.01",
                "supervised.validationFraction=0.2", "supervised.partitions=2"));
        overrides.addAll(List.of(more));
        return Settings.defaults(overrides.toArray(String[]::new));
    }

    private static SupervisedJob.Outcome runJob(Settings settings) throws Exception {
        return SupervisedJob.run(spark, settings, new org.apache.hadoop.fs.Path(
                settings.getString("run.output"), SupervisedJob.COMMAND));
    }

    /** The job's two partitions, read and split as the job does, held in this process. */
    private record Partitions(List<ImageBlock> fit, List<ImageBlock> validation,
                              List<ImageBlock> test, Manifest manifest) {
    }

    private static Partitions partitions(Settings settings) {
        ShardStore store = new ShardStore(spark, new HadoopFiles(
                spark.sparkContext().hadoopConfiguration()), shards.toString());
        long seed = settings.getLong("run.seed");
        double fraction = settings.getDouble("supervised.validationFraction");
        List<ImageBlock> train = store.blocks(List.of("train"), 2, seed).collect();
        return new Partitions(
                train.stream().map(block -> HeldOutImages.part(block, seed, fraction, false))
                        .toList(),
                train.stream().map(block -> HeldOutImages.part(block, seed, fraction, true))
                        .toList(),
                store.blocks(List.of("test"), 2, seed).collect(), store.manifest());
    }

    private static Backbone scratchBackbone(Settings settings) {
        return Backbone.create(TrainingSetup.modelSpec(settings, 3, SIZE));
    }

    /** pipeline-core's trainer in this process, from {@code backbone}. */
    private static SupervisedModel trainLocally(Settings settings, Backbone backbone,
                                                Partitions data, List<SupervisedResult> out) {
        SupervisedSettings supervised = SupervisedSettings.from(settings);
        SupervisedModel model = SupervisedModel.create(backbone, 2, supervised);
        out.add(new SupervisedTrainer(supervised).train(model, new LocalPartitions(data.fit(),
                data.validation(), model, data.manifest().channelStats(),
                supervised.chunkSize())));
        return model;
    }

    private static double top1(SupervisedModel model, List<ImageBlock> blocks, Manifest manifest) {
        long correct = 0;
        long total = 0;
        for (ImageBlock block : blocks) {
            correct += model.correct(block, manifest.channelStats(), 12);
            total += block.size();
        }
        return (double) correct / total;
    }

    private static float[] savedBackbone(Settings settings) throws Exception {
        Path file = Path.of(settings.getString("run.output"), SupervisedJob.COMMAND,
                SupervisedJob.BACKBONE_FILE);
        try (InputStream in = Files.newInputStream(file)) {
            return BackboneIO.read(in).network().params().dup().data().asFloat();
        }
    }

    private static JsonNode metrics(SupervisedJob.Outcome outcome) throws Exception {
        return Json.mapper().readTree(new File(outcome.summary().toString())).get("metrics");
    }

    private static float[] parameters(Backbone backbone) {
        return backbone.network().params().dup().data().asFloat();
    }

    private static double[] doubles(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A pretend pretrained backbone of the test spec, unlike its random init. */
    private static Path writePretrained(Settings settings, String name) throws Exception {
        Backbone backbone = scratchBackbone(settings);
        backbone.convolutionWeights(0).muli(-1.5);
        backbone.convolutionWeights(1).addi(0.05);
        Path file = directory.resolve(name).resolve("backbone.zip");
        TestDatasets.writeBackbone(file, backbone);
        return file;
    }

    @Test
    void twoSparkPartitionsTrainAsThePipelineCoreTrainerAndLearn() throws Exception {
        Settings settings = settings("scratch");
        Partitions data = partitions(settings);

        SupervisedJob.Outcome outcome = runJob(settings);
        List<SupervisedResult> local = new ArrayList<>();
        SupervisedModel reference = trainLocally(settings, scratchBackbone(settings), data,
                local);

        SupervisedResult job = outcome.training();
        assertArrayEquals(doubles(local.get(0).trainLossCurve()),
                doubles(job.trainLossCurve()), TOLERANCE);
        assertEquals(local.get(0).validationCurve(), job.validationCurve());
        assertEquals(local.get(0).bestEpoch(), job.bestEpoch());
        assertArrayEquals(reference.backboneParameters().data().asFloat(),
                savedBackbone(settings), TOLERANCE);
        assertEquals(top1(reference, data.test(), data.manifest()), outcome.testTop1(), 1e-9);

        SupervisedModel untrained = SupervisedModel.create(scratchBackbone(settings), 2,
                SupervisedSettings.from(settings));
        double before = top1(untrained, data.fit(), data.manifest());
        assertTrue(outcome.trainTop1() >= 0.9 && outcome.trainTop1() > before + 0.2,
                "training top-1 " + before + " -> " + outcome.trainTop1());
        List<Double> losses = job.trainLossCurve();
        assertTrue(losses.get(losses.size() - 1) < losses.get(0), "losses " + losses);

        JsonNode metrics = metrics(outcome);
        assertEquals(outcome.testTop1(), metrics.get("test_top1").asDouble(), 1e-12);
        assertEquals(3, metrics.get("val_curve").size());
        JsonNode budget = metrics.get("budget");
        long fitImages = data.fit().stream().mapToLong(ImageBlock::size).sum();
        assertEquals(fitImages, metrics.get("fit_images").asLong());
        assertEquals(3 * fitImages, budget.get("images_seen").asLong());
        assertEquals(3 * (fitImages / 24), budget.get("steps").asLong());
        assertTrue(budget.get("wall_seconds").asDouble() > 0);
    }

    @Test
    void fineTuningStartsFromThePretrainedBackbone() throws Exception {
        Settings settings = settings("finetune", "supervised.init=pretrained",
                "supervised.epochs=1");
        Path weights = writePretrained(settings, "pretrained-run/pretrain");
        settings = settings("finetune", "supervised.init=pretrained", "supervised.epochs=1",
                "supervised.weights=\"" + weights + "\"");
        Partitions data = partitions(settings);
        Backbone loaded;
        try (InputStream in = Files.newInputStream(weights)) {
            loaded = BackboneIO.read(in);
        }

        SupervisedJob.Outcome outcome = runJob(settings);
        List<SupervisedResult> fromCheckpoint = new ArrayList<>();
        SupervisedModel reference = trainLocally(settings, loaded, data, fromCheckpoint);
        List<SupervisedResult> fromScratch = new ArrayList<>();
        trainLocally(settings, scratchBackbone(settings), data, fromScratch);

        double loss = outcome.training().trainLossCurve().get(0);
        assertEquals(fromCheckpoint.get(0).trainLossCurve().get(0), loss, TOLERANCE);
        double scratchLoss = fromScratch.get(0).trainLossCurve().get(0);
        assertTrue(Math.abs(scratchLoss - loss) > 100 * TOLERANCE,
                "fine-tuning loss " + loss + " equals the scratch run's " + scratchLoss);
        assertArrayEquals(reference.backboneParameters().data().asFloat(),
                savedBackbone(settings), TOLERANCE);
    }

    @Test
    void aFrozenBackboneIsSavedAsLoaded() throws Exception {
        Settings settings = settings("frozen");
        Path weights = writePretrained(settings, "frozen/pretrain");
        settings = settings("frozen", "supervised.init=pretrained",
                "supervised.freezeBackbone=true", "supervised.epochs=2",
                "supervised.weightDecay=0.1");
        Backbone loaded;
        try (InputStream in = Files.newInputStream(weights)) {
            loaded = BackboneIO.read(in);
        }

        SupervisedJob.Outcome outcome = runJob(settings);

        assertArrayEquals(parameters(loaded), savedBackbone(settings), 0f);
        JsonNode metrics = metrics(outcome);
        assertEquals("pretrained", metrics.get("init").asText());
        assertTrue(metrics.get("freeze_backbone").asBoolean());
        assertEquals(weights.toString(), metrics.get("weights").asText());
        List<Double> losses = outcome.training().trainLossCurve();
        assertTrue(losses.get(1) < losses.get(0), "the head trains: losses " + losses);
    }

    @Test
    void badSettingsFailBeforeAnyWork() {
        SettingsException misspelt = assertThrows(SettingsException.class,
                () -> Settings.defaults("supervised.epoch=3"));
        assertTrue(misspelt.getMessage().contains("supervised.epochs"), misspelt.getMessage());

        SettingsException init = assertThrows(SettingsException.class,
                () -> SupervisedSettings.from(Settings.defaults("supervised.init=random")));
        assertTrue(init.getMessage().contains("scratch, pretrained"), init.getMessage());

        Settings missing = settings("missing", "supervised.init=pretrained");
        SettingsException noWeights = assertThrows(SettingsException.class,
                () -> runJob(missing));
        assertTrue(noWeights.getMessage().contains("pretrain/backbone.zip"),
                noWeights.getMessage());
        SettingsException fromLauncher = assertThrows(SettingsException.class,
                () -> LocalSpark.run(SupervisedJob.COMMAND, "supervised.init=random"));
        assertTrue(fromLauncher.getMessage().contains("supervised.init"),
                fromLauncher.getMessage());
    }
}
