package ai.liouna.jobs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import org.apache.spark.sql.SparkSession;

/**
 * How one algorithm of an experiment grid fills a cell: the keys it fixes, the commands it
 * runs in the cell's directory (in process, on the experiment's Spark session), and where its
 * readout is found. {@link #registry()} is the list of every algorithm a grid may name.
 *
 * @param name        the name in {@code experiment.algorithms}
 * @param settings    {@code key=value} settings that define the algorithm, applied over the
 *                    cell's overrides
 * @param trains      whether the network is trained; an untrained one's readout is its
 *                    random-init readout
 * @param steps       the commands a cell runs, in order
 * @param readout     which summary holds the cell's accuracies
 */
record GridAlgorithm(String name, List<String> settings, boolean trains, List<Step> steps,
                     Readout readout) {

    /** Where a cell's accuracies are read from. */
    enum Readout {
        /** {@code probe/summary.json}: a linear readout of every block. */
        PROBE,
        /** {@code supervised/summary.json}: {@code metrics.test_top1} of the whole network. */
        SUPERVISED
    }

    /** Runs one command with a cell's settings; it writes {@code <run.output>/<command>/}. */
    @FunctionalInterface
    interface StepWork {
        void run(Settings settings, SparkSession spark) throws Exception;
    }

    /** One command of a cell. */
    record Step(String command, StepWork work) {
    }

    private static final Step PRETRAIN = job(new PretrainJob());
    private static final Step PROBE = job(new ProbeJob());
    private static final Step SUPERVISED = job(new SupervisedJob());

    private static final Map<String, GridAlgorithm> REGISTRY = Collections.unmodifiableMap(
            algorithms());

    /** Every algorithm a grid may name, in the order of the usage text. */
    static Map<String, GridAlgorithm> registry() {
        return REGISTRY;
    }

    private static Map<String, GridAlgorithm> algorithms() {
        Map<String, GridAlgorithm> algorithms = new LinkedHashMap<>();
        add(algorithms, localRule("liouna", "pretrain.algorithm=liouna"));
        add(algorithms, localRule("softhebb", "pretrain.algorithm=softhebb",
                "model.init=softhebb"));
        add(algorithms, untrained("random"));
        add(algorithms, untrained("random-kaiming", "model.init=kaiming"));
        add(algorithms, untrained("random-softhebb", "model.init=softhebb"));
        // Backprop baselines (the paper's Table 3): end to end from random init, and
        // fine-tuning what a local rule pretrained in the same cell.
        add(algorithms, new GridAlgorithm("supervised", List.of("supervised.init=scratch"),
                true, List.of(SUPERVISED), Readout.SUPERVISED));
        add(algorithms, fineTuned("liouna-finetune", "pretrain.algorithm=liouna"));
        add(algorithms, fineTuned("softhebb-finetune", "pretrain.algorithm=softhebb",
                "model.init=softhebb"));
        return algorithms;
    }

    /** The algorithm called {@code name}; fails naming the valid ones. */
    static GridAlgorithm named(String name) {
        GridAlgorithm algorithm = registry().get(name);
        if (algorithm == null) {
            throw new SettingsException("experiment.algorithms names '" + name + "', which is"
                    + " not one of: " + String.join(", ", registry().keySet()));
        }
        return algorithm;
    }

    private static void add(Map<String, GridAlgorithm> algorithms, GridAlgorithm algorithm) {
        algorithms.put(algorithm.name(), algorithm);
    }

    /** Pretrains with a local rule, then probes the trained network and its random init. */
    private static GridAlgorithm localRule(String name, String... settings) {
        return new GridAlgorithm(name, List.of(settings), true, List.of(PRETRAIN, PROBE),
                Readout.PROBE);
    }

    /**
     * Pretrains with a local rule, then fine-tunes the whole pretrained network with a linear
     * head by backprop ({@code supervised.init=pretrained} reads the cell's
     * {@code pretrain/backbone.zip}).
     */
    private static GridAlgorithm fineTuned(String name, String... settings) {
        List<String> all = new ArrayList<>(List.of(settings));
        all.add("supervised.init=pretrained");
        return new GridAlgorithm(name, List.copyOf(all), true, List.of(PRETRAIN, SUPERVISED),
                Readout.SUPERVISED);
    }

    /**
     * The untrained network, probed the same way: pretrain with no rule only saves the
     * initial backbone (with its spec and seed), and the probe skips the random baseline,
     * which would be the same network again.
     */
    private static GridAlgorithm untrained(String name, String... init) {
        List<String> settings = new ArrayList<>(List.of(init));
        settings.add("pretrain.algorithm=none");
        settings.add("probe.randomBaseline=false");
        return new GridAlgorithm(name, List.copyOf(settings), false, List.of(PRETRAIN, PROBE),
                Readout.PROBE);
    }

    private static Step job(Job job) {
        return new Step(job.name(),
                (settings, spark) -> job.run(new JobContext(job.name(), settings, spark)));
    }
}
