package ai.liouna.train;

import ai.liouna.util.Json;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

/**
 * What one training step reports: where it was, how long it took, and each block's mean local
 * loss and mean neuron norm after the step.
 *
 * @param epoch       zero-based epoch
 * @param step        zero-based step within the epoch
 * @param globalStep  zero-based step counted over all epochs
 * @param images      images in the step's batch, over all partitions
 * @param seconds     wall time of the step, compute and communication
 * @param blockLoss   mean local loss per block, before the step's update; NaN for a frozen
 *                    block (null in JSON)
 * @param neuronNorm  mean neuron L2 norm per block, after the update
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepMetrics(int epoch, int step, long globalStep, long images, double seconds,
                          @JsonSerialize(using = Json.NaNAsNull.class)
                          @JsonDeserialize(using = Json.NullAsNaN.class) double[] blockLoss,
                          double[] neuronNorm) {

    @JsonProperty("imagesPerSecond")
    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : Double.NaN;
    }
}
