package ai.liouna.rule;

/**
 * Mask ratios per block, linearly spaced from the maximum at the first block to the minimum at
 * the last, both inclusive (the paper's Appendix D): 80% and 30% over 3 blocks give 80, 55, 30.
 */
public final class MaskSchedule {

    private MaskSchedule() {
    }

    public static double[] linear(double max, double min, int blocks) {
        if (blocks < 1) {
            throw new IllegalArgumentException("a mask schedule needs at least one block");
        }
        double[] ratios = new double[blocks];
        for (int block = 0; block < blocks; block++) {
            ratios[block] = blocks == 1 ? max : max + (min - max) * block / (blocks - 1);
        }
        return ratios;
    }
}
