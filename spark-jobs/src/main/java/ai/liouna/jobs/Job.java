package ai.liouna.jobs;

/** One command of the launcher: a thin Spark application around pipeline-core. */
public interface Job {

    /** The command name, e.g. {@code pretrain}. */
    String name();

    /** One line for the launcher's usage text. */
    String description();

    /** Runs the job; metrics and timings go into the context's summary. */
    void run(JobContext context) throws Exception;
}
