package ai.liouna.jobs;

import java.util.HashMap;
import java.util.Map;

import ai.liouna.model.Backbone;
import ai.liouna.model.ModelSpec;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One backbone per executor thread and model spec, reused across steps: building a
 * Deeplearning4j network costs far more than copying the step's broadcast parameters into it.
 * Per thread, because tasks running at once may hold different parameters.
 */
final class ExecutorBackbones {

    private static final ThreadLocal<Map<ModelSpec, Backbone>> CACHE =
            ThreadLocal.withInitial(HashMap::new);

    private ExecutorBackbones() {
    }

    /** This thread's backbone for {@code spec}, holding exactly {@code parameters}. */
    static Backbone withParameters(ModelSpec spec, float[] parameters) {
        Backbone backbone = CACHE.get().computeIfAbsent(spec, Backbone::create);
        backbone.network().setParams(Nd4j.createFromArray(parameters).reshape(1, parameters.length));
        return backbone;
    }

    /** The flattened parameters of a backbone, as broadcast to executors. */
    static float[] parametersOf(Backbone backbone) {
        return backbone.network().params().dup().data().asFloat();
    }
}
