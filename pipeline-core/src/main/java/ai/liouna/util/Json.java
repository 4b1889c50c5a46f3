package ai.liouna.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;

/** One configured Jackson mapper for summaries, manifests and metrics. */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private static final ObjectMapper COMPACT = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Pretty-printed JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialise " + value.getClass(), e);
        }
    }

    /** One-line JSON, for JSON-lines files. */
    public static String writeLine(Object value) {
        try {
            return COMPACT.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialise " + value.getClass(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("could not parse " + type.getSimpleName() + " JSON", e);
        }
    }

    /** Writes a double[] with null where an entry is NaN: JSON has no NaN. */
    public static final class NaNAsNull extends JsonSerializer<double[]> {
        @Override
        public void serialize(double[] values, JsonGenerator out, SerializerProvider provider)
                throws IOException {
            out.writeStartArray();
            for (double value : values) {
                if (Double.isNaN(value)) {
                    out.writeNull();
                } else {
                    out.writeNumber(value);
                }
            }
            out.writeEndArray();
        }
    }

    /** Reads what {@link NaNAsNull} wrote: null entries come back as NaN. */
    public static final class NullAsNaN extends JsonDeserializer<double[]> {
        @Override
        public double[] deserialize(JsonParser in, DeserializationContext context)
                throws IOException {
            if (in.currentToken() != JsonToken.START_ARRAY) {
                return (double[]) context.handleUnexpectedToken(double[].class, in);
            }
            List<Double> values = new ArrayList<>();
            for (JsonToken token = in.nextToken(); token != JsonToken.END_ARRAY;
                    token = in.nextToken()) {
                values.add(token == JsonToken.VALUE_NULL ? Double.NaN : in.getValueAsDouble());
            }
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    public static <T> T read(InputStream json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("could not parse " + type.getSimpleName() + " JSON", e);
        }
    }
}
