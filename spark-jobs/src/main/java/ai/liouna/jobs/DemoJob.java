package ai.liouna.jobs;

import java.io.File;
import java.util.List;
import java.util.Map;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code demo}: ingest, pretrain and probe, end to end, on the small real CIFAR-10 sample kept
 * in the project, in one Spark session; then a table of the linear readout per block for the
 * trained and the untrained network. Each step writes its usual outputs and summary under
 * {@code demo.workDir}.
 */
public final class DemoJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(DemoJob.class);

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String description() {
        return "ingest, pretrain and probe a CIFAR-10 sample shipped with the project (offline)";
    }

    @Override
    public void run(JobContext context) throws Exception {
        Settings settings = context.settings();
        String workDir = settings.getString("demo.workDir");
        Settings demo = settings.with(
                "run.output=" + quoted(workDir + "/run"),
                "run.overwrite=true",
                "data.shards=" + quoted(workDir + "/shards"),
                "ingest.format=image-folder",
                "ingest.source=" + quoted(source(settings.getString("demo.source"))),
                "ingest.shards=2",
                "ingest.overwrite=true",
                "pretrain.epochs=" + settings.getInt("demo.epochs"),
                "pretrain.batchSize=" + settings.getInt("demo.batchSize"));

        run(new IngestJob(), demo, context);
        run(new PretrainJob(), demo, context);
        JobContext probe = run(new ProbeJob(), demo, context);
        LOG.info("demo: linear readout top-1 on the sample's test split\n{}",
                table(probe.summary().metric("blocks")));
    }

    private static JobContext run(Job job, Settings settings, JobContext parent) throws Exception {
        JobContext context = new JobContext(job.name(), settings, parent.spark());
        parent.timed(job.name(), () -> {
            job.run(context);
            return null;
        });
        return context;
    }

    /** The demo sample, relative to the working directory or to the launcher's project. */
    private static String source(String configured) {
        File path = new File(configured);
        if (path.isAbsolute() || path.exists()) {
            return path.getAbsolutePath();
        }
        String home = System.getProperty("liouna.home");
        if (home != null && new File(home, configured).exists()) {
            return new File(home, configured).getAbsolutePath();
        }
        throw new SettingsException("demo.source '" + configured + "' does not exist here"
                + (home == null ? "" : " nor under " + home) + "; run the demo from the project"
                + " folder or set demo.source to the sample's path");
    }

    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @SuppressWarnings("unchecked")
    static String table(Object blocks) {
        StringBuilder text = new StringBuilder(
                String.format("%-7s %-10s %-14s %s%n", "block", "features", "trained top-1",
                        "random-init top-1"));
        for (Map<String, Object> block : (List<Map<String, Object>>) blocks) {
            text.append(String.format("%-7s %-10s %-14s %s%n", block.get("block"),
                    block.get("features"), percent(block.get("trained")),
                    percent(block.get("random"))));
        }
        return text.toString();
    }

    @SuppressWarnings("unchecked")
    private static String percent(Object variant) {
        if (!(variant instanceof Map<?, ?> metrics)
                || !(((Map<String, Object>) metrics).get("test_top1") instanceof Number top1)) {
            return "-";
        }
        return String.format("%.1f%%", 100 * top1.doubleValue());
    }
}
