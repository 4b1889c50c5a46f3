package ai.liouna.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import ai.liouna.data.Manifest.CorruptImage;
import org.apache.spark.util.AccumulatorV2;

/**
 * Collects the images executors could not decode: a bounded, sorted set of examples with the
 * reason each failed. The exact count per split is not taken from here (a retried task adds its
 * images again) but from the difference between listed and stored images.
 */
final class CorruptImages extends AccumulatorV2<CorruptImage, List<CorruptImage>> {

    /** How many examples the manifest keeps. */
    static final int EXAMPLES = 20;

    /** The first examples by source path, so the list does not depend on task order. */
    private final TreeMap<String, CorruptImage> examples = new TreeMap<>();

    @Override
    public boolean isZero() {
        return examples.isEmpty();
    }

    @Override
    public CorruptImages copy() {
        CorruptImages copy = new CorruptImages();
        copy.examples.putAll(examples);
        return copy;
    }

    @Override
    public void reset() {
        examples.clear();
    }

    @Override
    public void add(CorruptImage image) {
        examples.put(image.source(), image);
        while (examples.size() > EXAMPLES) {
            examples.pollLastEntry();
        }
    }

    @Override
    public void merge(AccumulatorV2<CorruptImage, List<CorruptImage>> other) {
        other.value().forEach(this::add);
    }

    @Override
    public List<CorruptImage> value() {
        return new ArrayList<>(examples.values());
    }
}
