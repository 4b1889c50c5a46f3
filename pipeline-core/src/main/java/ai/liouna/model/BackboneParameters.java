package ai.liouna.model;

import java.io.Serializable;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A backbone as plain serialisable values: its spec and its flattened Deeplearning4j parameters
 * (convolution weights and, for BatchNorm designs, the running statistics). This is what a
 * distributed job broadcasts; each task rebuilds its own {@link Backbone} from it.
 *
 * @param spec       the backbone's shape and initialisation
 * @param parameters every stored parameter, in the network's flattened order
 */
public record BackboneParameters(ModelSpec spec, float[] parameters) implements Serializable {

    /** A copy of {@code backbone}'s current parameters. */
    public static BackboneParameters of(Backbone backbone) {
        return new BackboneParameters(backbone.spec(),
                backbone.network().params().dup('c').data().asFloat());
    }

    /** A new backbone holding these parameters. */
    public Backbone toBackbone() {
        Backbone backbone = Backbone.create(spec);
        long expected = backbone.storedParameterCount();
        if (expected != parameters.length) {
            throw new IllegalArgumentException(parameters.length + " parameters do not fit model"
                    + " spec " + spec + ", which stores " + expected);
        }
        backbone.network().setParams(Nd4j.create(parameters, new long[] {1, parameters.length},
                DataType.FLOAT));
        return backbone;
    }
}
