package ai.liouna.util;

import java.util.SplittableRandom;

/** Seeded shuffles, identical on every JVM for the same seed. */
public final class Permutations {

    private Permutations() {
    }

    /** A Fisher-Yates shuffle of 0..size-1 drawn from {@code random}. */
    public static int[] shuffled(int size, SplittableRandom random) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}
