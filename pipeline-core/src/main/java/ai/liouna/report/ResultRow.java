package ai.liouna.report;

/**
 * One row of an experiment's {@code results.csv}: the linear readout of one block of one run,
 * for the pretrained backbone and for its random initialisation.
 *
 * @param run         name of the run within the experiment
 * @param algorithm   the pretraining rule, e.g. {@code liouna}, {@code softhebb}, {@code none}
 * @param design      block design: {@code ours}, {@code pnb} or {@code pnbt}
 * @param dataset     dataset name from the manifest, e.g. {@code cifar10}
 * @param seed        the run's seed
 * @param block       one-based block index
 * @param trainedTop1 test top-1 of the readout on the pretrained block, a fraction in [0, 1];
 *                    NaN when not measured
 * @param randomTop1  test top-1 on the same block at random initialisation; NaN when not
 *                    measured
 * @param seconds     wall time of the run; NaN when not recorded
 */
public record ResultRow(String run, String algorithm, String design, String dataset, long seed,
                        int block, double trainedTop1, double randomTop1, double seconds) {

    /** The curve this row belongs to: runs that differ only in their seed share one. */
    public SeriesKey seriesKey() {
        return new SeriesKey(algorithm, design, dataset);
    }

    /**
     * What identifies a readout curve across seeds.
     *
     * @param algorithm the pretraining rule
     * @param design    the block design
     * @param dataset   the dataset
     */
    public record SeriesKey(String algorithm, String design, String dataset) {

        /** e.g. {@code liouna / ours}, with the dataset when asked for. */
        public String label(boolean withDataset) {
            return algorithm + " / " + design + (withDataset ? " (" + dataset + ")" : "");
        }
    }
}
