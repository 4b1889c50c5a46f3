package ai.liouna.it;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ai.liouna.cluster.LoopbackCluster;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerBlockUpdated;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.storage.BlockUpdatedInfo;
import org.apache.spark.storage.RDDBlockId;

/**
 * Kills, for real, the executor JVM that caches partition 0 of the training data once a number
 * of training steps are done, and records what Spark made of it: when the driver saw the
 * executor go, which cached partitions went with it, and where they were cached again.
 *
 * <p>A step is counted when a stage of the step-synchronous protocol completes; cached blocks
 * are followed through Spark's block-update events, which the driver posts for every block an
 * executor stores.
 */
final class ExecutorLoss extends SparkListener {

    private static final String STEP_STAGE = "SynchronousSteps";

    private final LoopbackCluster cluster;
    private final CountDownLatch killAt;
    private final AtomicInteger stepsDone = new AtomicInteger();
    /** Latest executor caching each partition of the training data. */
    private final Map<Integer, String> cachedOn = new ConcurrentHashMap<>();
    /** Partitions cached again on another executor after the kill. */
    private final Set<Integer> recachedAfterKill = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> removedAtStep = new ConcurrentHashMap<>();
    private volatile String victim;
    private volatile Set<Integer> lostPartitions = Set.of();
    private volatile int killedAtStep = -1;

    ExecutorLoss(LoopbackCluster cluster, int killAfterSteps) {
        this.cluster = cluster;
        this.killAt = new CountDownLatch(killAfterSteps);
    }

    /** Waits for the kill point, then kills the executor caching partition 0. */
    void killWhenDue(long timeoutSeconds) throws InterruptedException {
        if (!killAt.await(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the run did not reach the kill point within "
                    + timeoutSeconds + " s");
        }
        String executor = cachedOn.get(0);
        if (executor == null) {
            throw new IllegalStateException("no executor caches partition 0; cached: " + cachedOn);
        }
        Set<Integer> lost = new TreeSet<>();
        cachedOn.forEach((partition, holder) -> {
            if (holder.equals(executor)) {
                lost.add(partition);
            }
        });
        ProcessHandle process = cluster.executor(executor).orElseThrow(() ->
                new IllegalStateException("no JVM of executor " + executor + " among "
                        + cluster.executors()));
        lostPartitions = lost;
        killedAtStep = stepsDone.get();
        victim = executor;
        LoopbackCluster.kill(process);
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted event) {
        if (event.stageInfo().name().contains(STEP_STAGE)
                && event.stageInfo().failureReason().isEmpty()) {
            stepsDone.incrementAndGet();
            killAt.countDown();
        }
    }

    @Override
    public void onBlockUpdated(SparkListenerBlockUpdated event) {
        BlockUpdatedInfo info = event.blockUpdatedInfo();
        if (info.blockId() instanceof RDDBlockId block && info.storageLevel().isValid()) {
            String executor = info.blockManagerId().executorId();
            int partition = block.splitIndex();
            if (victim != null && lostPartitions.contains(partition) && !executor.equals(victim)) {
                recachedAfterKill.add(partition);
            }
            cachedOn.put(partition, executor);
        }
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
        removedAtStep.put(event.executorId(), stepsDone.get());
    }

    int stepsDone() {
        return stepsDone.get();
    }

    String victim() {
        return victim;
    }

    int killedAtStep() {
        return killedAtStep;
    }

    Set<Integer> lostPartitions() {
        return lostPartitions;
    }

    Set<Integer> recachedAfterKill() {
        return new TreeSet<>(recachedAfterKill);
    }

    /** Steps done when the driver saw each removed executor go. */
    Map<String, Integer> removedAtStep() {
        return new HashMap<>(removedAtStep);
    }
}
