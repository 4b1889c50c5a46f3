package ai.liouna.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Where a training run stands, saved with every checkpoint. The rule is plain SGD (no
 * optimiser state) and every random draw is keyed by (seed, epoch, step, partition), so the
 * weights plus this position are all a run needs to continue exactly as if never stopped.
 *
 * @param epoch       epoch of the next step to run
 * @param step        step within that epoch of the next step to run
 * @param globalStep  the next step counted over all epochs
 * @param seed        the run seed every random key derives from
 * @param rule        the local rule's name
 * @param optimiser   the optimiser and its state ("sgd: stateless")
 * @param config      the resolved configuration of the run (HOCON)
 * @param codeVersion version and commit of the code that wrote the checkpoint
 * @param createdAt   ISO-8601 time of writing
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainingState(int epoch, int step, long globalStep, long seed, String rule,
                            String optimiser, String config, String codeVersion,
                            String createdAt) {
}
