package ai.liouna.jobs;

import java.util.ArrayList;
import java.util.List;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import ai.liouna.data.Manifest;
import ai.liouna.model.Backbone;
import ai.liouna.probe.ExtractedFeatures;
import ai.liouna.report.ChartSize;
import ai.liouna.report.Embedding;
import ai.liouna.report.Figure;
import ai.liouna.report.Report;
import ai.liouna.report.ReportBuilder;
import ai.liouna.report.ReportInputs;
import ai.liouna.report.TsneEmbedding;
import ai.liouna.report.TsneSettings;
import ai.liouna.util.CodeVersion;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code report} command: turns a run directory (pretrain and probe outputs) or an
 * experiment directory ({@code results.csv}) into one self-contained HTML page with its
 * tables and charts, written to {@code <run.output>/report/report.html} beside the charts as
 * PNG files. With {@code report.tsne = true} it also samples test images, extracts their
 * activations on the executors ({@link ActivationSampler}) and maps the first and last blocks
 * with t-SNE on the driver.
 */
public final class ReportJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(ReportJob.class);
    public static final String REPORT_FILE = "report.html";
    /** Coordinates of an embedding, {@code id,label,class,x,y}; %d is the block. */
    public static final String EMBEDDING_FILE = "embedding-block%d.csv";

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String description() {
        return "an HTML report with charts of a run or an experiment";
    }

    @Override
    public void run(JobContext context) throws Exception {
        Settings settings = context.settings();
        Path input = inputDirectory(settings);
        ReportInputs read = context.timed("read outputs",
                () -> RunOutputs.read(context.files(), input));
        ReportInputs complete = settings.getBoolean("report.tsne")
                ? read.withEmbeddings(context.timed("t-SNE", () -> embeddings(context, read)))
                : read;
        ChartSize size = new ChartSize(settings.getInt("report.width"),
                settings.getInt("report.height"));
        Report report = context.timed("draw", () -> new ReportBuilder(size,
                CodeVersion.describe()).build(title(settings, input), complete));
        context.timed("write", () -> {
            write(context, report, complete);
            return null;
        });
        report.metrics().forEach(context.summary()::metric);
        context.summary().manifest(manifest(complete));
        context.writeSummary();
    }

    /** {@code report.input}, or {@code run.output} when it is empty. */
    static Path inputDirectory(Settings settings) {
        String configured = settings.getString("report.input");
        return new Path(configured.isBlank() ? settings.getString("run.output") : configured);
    }

    private static String title(Settings settings, Path input) {
        String configured = settings.getString("report.title");
        return configured.isBlank() ? "Liouna report: " + input.getName() : configured;
    }

    /** A report is cheap to redraw, so it replaces the previous one without asking. */
    private static void write(JobContext context, Report report, ReportInputs inputs) {
        HadoopFiles files = context.files();
        if (files.exists(context.outputDirectory())) {
            LOG.info("report: replacing the previous report in {}", context.outputDirectory());
        }
        files.mkdirs(context.outputDirectory());
        for (Figure figure : report.figures()) {
            files.writeBytes(context.output(figure.fileName()), figure.png());
        }
        for (Embedding embedding : inputs.embeddings()) {
            files.writeText(context.output(String.format(EMBEDDING_FILE, embedding.block())),
                    embedding.toCsv());
        }
        Path page = context.output(REPORT_FILE);
        files.writeText(page, report.html());
        LOG.info("report: {} with {} charts written to {}", REPORT_FILE,
                report.figures().size(), page);
    }

    private static List<Embedding> embeddings(JobContext context, ReportInputs inputs)
            throws Exception {
        Settings settings = context.settings();
        Path input = inputDirectory(settings);
        ActivationSampler sampler = new ActivationSampler(context.spark(),
                shards(settings, inputs));
        Backbone backbone = sampler.loadBackbone(weights(settings, input));
        Manifest manifest = sampler.manifest();
        ExtractedFeatures features = sampler.sample(backbone,
                settings.getString("report.embedding.split"),
                settings.getInt("report.embedding.images"),
                settings.getInt("report.embedding.featureGrid"),
                settings.getInt("report.embedding.chunkSize"), settings.getLong("run.seed"));
        TsneEmbedding tsne = new TsneEmbedding(TsneSettings.from(settings));
        List<Embedding> maps = new ArrayList<>();
        for (int block : blocks(settings, backbone.depth())) {
            context.describe("t-SNE of block " + block);
            maps.add(tsne.embed(features, block, manifest.classNames()));
        }
        return maps;
    }

    /** {@code report.embedding.shards}, else the shards pretrain used, else data.shards. */
    static String shards(Settings settings, ReportInputs inputs) {
        String configured = settings.getString("report.embedding.shards");
        if (!configured.isBlank()) {
            return configured;
        }
        JsonNode recorded = inputs.pretrainSummary() == null ? null
                : inputs.pretrainSummary().path("config").path("data").path("shards");
        return recorded != null && recorded.isTextual() ? recorded.asText()
                : settings.getString("data.shards");
    }

    /** {@code report.embedding.weights}, else the run's pretrained backbone. */
    private static String weights(Settings settings, Path input) {
        String configured = settings.getString("report.embedding.weights");
        return configured.isBlank() ? new Path(input, ProbeJob.PRETRAINED_BACKBONE).toString()
                : configured;
    }

    /** {@code report.embedding.blocks}, else the first and the last block. */
    static List<Integer> blocks(Settings settings, int depth) {
        List<Integer> configured = settings.getIntList("report.embedding.blocks");
        List<Integer> blocks = configured.isEmpty()
                ? (depth == 1 ? List.of(1) : List.of(1, depth)) : configured;
        for (int block : blocks) {
            if (block < 1 || block > depth) {
                throw new SettingsException("report.embedding.blocks holds " + block
                        + " but the backbone has blocks 1 to " + depth);
            }
        }
        return blocks;
    }

    /** The run's dataset manifest; null for an experiment, whose runs record their own. */
    private static JsonNode manifest(ReportInputs inputs) {
        for (JsonNode summary : new JsonNode[] {inputs.probeSummary(),
            inputs.pretrainSummary()}) {
            if (summary != null && summary.path("manifest").isObject()) {
                return summary.path("manifest");
            }
        }
        return null;
    }
}
