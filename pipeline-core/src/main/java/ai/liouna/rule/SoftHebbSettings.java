package ai.liouna.rule;

import java.io.Serializable;
import java.util.List;

/**
 * The tunable parts of the SoftHebb rule.
 *
 * @param learningRate   initial step size eta0 on the max-normalised update
 * @param temperatures   softmax temperature T of the soft winner-take-all; one entry for every
 *                       block, or one per block
 * @param schedulerPower exponent p of the norm-dependent learning rate
 *                       eta_i = eta0 |norm_i - 1|^p
 */
public record SoftHebbSettings(double learningRate, List<Double> temperatures,
                               double schedulerPower) implements Serializable {

    public SoftHebbSettings {
        temperatures = List.copyOf(temperatures);
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("pretrain.softhebb.learningRate must be positive,"
                    + " got " + learningRate);
        }
        if (temperatures.isEmpty() || temperatures.stream().anyMatch(t -> !(t > 0))) {
            throw new IllegalArgumentException("pretrain.softhebb.temperature must be one"
                    + " positive number or a list of them (one per block), got " + temperatures);
        }
        if (!(schedulerPower >= 0)) {
            throw new IllegalArgumentException("pretrain.softhebb.schedulerPower must be zero or"
                    + " positive, got " + schedulerPower);
        }
    }

    /** The temperature of block {@code block} in a backbone of {@code depth} blocks. */
    public double temperature(int block, int depth) {
        if (temperatures.size() != 1 && temperatures.size() != depth) {
            throw new IllegalArgumentException("pretrain.softhebb.temperature " + temperatures
                    + " has " + temperatures.size() + " entries but the backbone has " + depth
                    + " blocks; give one temperature for all blocks or one per block");
        }
        return temperatures.size() == 1 ? temperatures.get(0) : temperatures.get(block);
    }
}
