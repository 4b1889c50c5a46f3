package ai.liouna.rule;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/** Bernoulli masks drawn from a {@link RandomKey}, identical wherever they are drawn. */
public final class Masks {

    private Masks() {
    }

    /**
     * A mask shaped like {@code like}: each element is 0 with probability {@code maskRatio} and
     * otherwise 1, or 1 / (1 - maskRatio) when {@code rescale} is set.
     */
    public static INDArray bernoulli(INDArray like, double maskRatio, boolean rescale,
                                     RandomKey key) {
        INDArray mask = Nd4j.createUninitialized(like.dataType(), like.shape());
        try (Random random = Nd4j.getRandomFactory().getNewRandomInstance(key.seed())) {
            Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, 1.0 - maskRatio), random);
        } catch (Exception e) {
            throw new IllegalStateException("could not release a random generator", e);
        }
        return rescale && maskRatio > 0 ? mask.divi(1.0 - maskRatio) : mask;
    }
}
