package ai.liouna.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Sums Spark's task metrics over the stages of the training protocols (one stage per
 * synchronisation: a step, or a round of local steps), in the order they were submitted.
 */
final class StageTimes extends SparkListener {

    private static final List<String> PROTOCOL_CLASSES = List.of("SynchronousSteps",
            "PeriodicAveraging");

    /** Per protocol stage, by stage id: milliseconds {run, (de)serialisation}. */
    private final Map<Integer, double[]> stages = new ConcurrentHashMap<>();
    private final List<Integer> order = new ArrayList<>();

    /**
     * Mean milliseconds per synchronisation; {@code wallMs} is measured by the job, the others
     * come from task metrics divided by the parallel slots, and {@code restMs} is what is left.
     */
    record Split(double wallMs, double computeMs, double serializationMs) {

        static final Split NONE = new Split(Double.NaN, Double.NaN, Double.NaN);

        double restMs() {
            return wallMs - computeMs - serializationMs;
        }
    }

    @Override
    public synchronized void onStageSubmitted(SparkListenerStageSubmitted event) {
        String name = event.stageInfo().name();
        if (PROTOCOL_CLASSES.stream().anyMatch(name::contains)
                && !stages.containsKey(event.stageInfo().stageId())) {
            stages.put(event.stageInfo().stageId(), new double[2]);
            order.add(event.stageInfo().stageId());
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
        double[] times = stages.get(event.stageId());
        TaskMetrics metrics = event.taskMetrics();
        if (times == null || metrics == null) {
            return;
        }
        synchronized (times) {
            times[0] += metrics.executorRunTime();
            times[1] += metrics.executorDeserializeTime() + metrics.resultSerializationTime();
        }
    }

    /**
     * The split of the stages after the first {@code warmup}, over {@code slots} tasks running
     * at once, for the {@code wallSeconds} the job measured over the same synchronisations.
     */
    synchronized Split split(int warmup, int slots, double wallSeconds) {
        List<Integer> measured = order.subList(Math.min(order.size(), warmup), order.size());
        double run = 0;
        double serialization = 0;
        for (int stage : measured) {
            run += stages.get(stage)[0];
            serialization += stages.get(stage)[1];
        }
        int count = Math.max(1, measured.size());
        return new Split(wallSeconds * 1e3 / count, run / slots / count,
                serialization / slots / count);
    }
}
