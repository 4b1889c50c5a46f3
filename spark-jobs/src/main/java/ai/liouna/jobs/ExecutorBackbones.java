package ai.liouna.jobs;

import java.util.HashMap;
import java.util.Map;

import ai.liouna.model.Backbone;
import ai.liouna.model.ModelSpec;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One backbone per executor thread and model spec, reused across steps: building a
 * Deeplearning4j network costs far more than copying the step's broadcast parameters into it.
 * Per thread, because tasks running at once may hold different parameters; per device as
 * well, because a pooled task thread may be given another GPU by the next task, and a
 * network's arrays stay on the device they were created on.
 */
final class ExecutorBackbones {

    /** The device key of backbones built without a chosen GPU (CPU, or ND4J's own pick). */
    static final int NO_DEVICE = -1;

    private static final ThreadLocal<Map<Placement, Backbone>> CACHE =
            ThreadLocal.withInitial(HashMap::new);

    private record Placement(ModelSpec spec, int device) {
    }

    private ExecutorBackbones() {
    }

    /**
     * This thread's backbone for {@code spec} on {@code device} (the thread's current one),
     * holding exactly {@code parameters}.
     */
    static Backbone withParameters(ModelSpec spec, int device, float[] parameters) {
        Backbone backbone = CACHE.get().computeIfAbsent(new Placement(spec, device),
                placement -> Backbone.create(placement.spec()));
        backbone.network().setParams(Nd4j.createFromArray(parameters)
                .reshape(1, parameters.length));
        return backbone;
    }

    /** The flattened parameters of a backbone, as broadcast to executors. */
    static float[] parametersOf(Backbone backbone) {
        return backbone.network().params().dup().data().asFloat();
    }
}
