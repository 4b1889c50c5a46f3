package ai.liouna.rule;

import java.io.Serializable;

/**
 * A deterministic seed derived from the run seed and the coordinates of a piece of work (step,
 * partition, block, ...), so that a retried task draws exactly the masks the failed attempt
 * would have drawn, whatever executor runs it.
 */
public record RandomKey(long seed) implements Serializable {

    public static RandomKey of(long seed, long... coordinates) {
        long mixed = mix(seed);
        for (long coordinate : coordinates) {
            mixed = mix(mixed ^ mix(coordinate + 0x9E3779B97F4A7C15L));
        }
        return new RandomKey(mixed);
    }

    public RandomKey derive(long... coordinates) {
        return of(seed, coordinates);
    }

    /** SplitMix64's finaliser: a bijection that scrambles nearby inputs apart. */
    private static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
