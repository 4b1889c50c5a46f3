package ai.liouna.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import ai.liouna.util.Json;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Saves and loads backbones as a Deeplearning4j model zip with one more entry,
 * {@value #SPEC_ENTRY}, holding the {@link ModelSpec}. The file still loads with
 * {@code ModelSerializer.restoreMultiLayerNetwork}, so a fine-tune job can start from it as is.
 */
public final class BackboneIO {

    /** The zip entry holding the model spec as JSON. */
    public static final String SPEC_ENTRY = "liouna-spec.json";

    private BackboneIO() {
    }

    public static void write(Backbone backbone, OutputStream out) throws IOException {
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        ModelSerializer.writeModel(backbone.network(), model, false);
        ZipOutputStream zip = new ZipOutputStream(out);
        try (ZipInputStream entries = new ZipInputStream(
                new ByteArrayInputStream(model.toByteArray()))) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null;
                    entry = entries.getNextEntry()) {
                zip.putNextEntry(new ZipEntry(entry.getName()));
                entries.transferTo(zip);
                zip.closeEntry();
            }
        }
        zip.putNextEntry(new ZipEntry(SPEC_ENTRY));
        zip.write(Json.write(backbone.spec()).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
        zip.finish();
    }

    public static Backbone read(InputStream in) throws IOException {
        byte[] bytes = in.readAllBytes();
        ModelSpec spec = readSpec(bytes);
        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(
                new ByteArrayInputStream(bytes), false);
        return Backbone.wrap(spec, network);
    }

    private static ModelSpec readSpec(byte[] zipBytes) throws IOException {
        try (ZipInputStream entries = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null;
                    entry = entries.getNextEntry()) {
                if (entry.getName().equals(SPEC_ENTRY)) {
                    return Json.read(new String(entries.readAllBytes(), StandardCharsets.UTF_8),
                            ModelSpec.class);
                }
            }
        }
        throw new IOException("not a Liouna backbone: the zip has no " + SPEC_ENTRY
                + " entry (was it written by another program?)");
    }
}
