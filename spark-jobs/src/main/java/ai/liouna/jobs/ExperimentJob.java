package ai.liouna.jobs;

import java.util.List;

/**
 * The {@code experiment} command: a grid of runs, algorithm x block design x dataset x seed
 * ({@code experiment.*}), each pretrained and probed in its own directory under
 * {@code run.output}, then one {@code results.csv} and {@code results.md} over all of them.
 * Re-running it reuses the finished cells, so a crashed experiment resumes.
 */
public final class ExperimentJob implements Job {

    @Override
    public String name() {
        return "experiment";
    }

    @Override
    public String description() {
        return "a grid of pretrain+probe runs (experiment.*) and their results table";
    }

    @Override
    public void run(JobContext context) throws Exception {
        List<ExperimentCell> cells = ExperimentPlan.cells(context.settings(),
                List.of(ExperimentPlan.Point.NONE));
        new ExperimentRunner(context).run(cells);
    }
}
