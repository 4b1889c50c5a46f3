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
 * Saves and loads a {@link Backbone} as a Deeplearning4j {@link ModelSerializer} zip with one
 * extra entry, {@value #SPEC_ENTRY}, holding its {@link ModelSpec} as JSON. The file stays a
 * valid Deeplearning4j model: {@code ModelSerializer.restoreMultiLayerNetwork} loads it as is
 * (and ignores the extra entry), so a backprop fine-tune can start from it directly.
 */
public final class BackboneIO {

    /** Name of the zip entry that holds the model spec. */
    public static final String SPEC_ENTRY = "liouna-spec.json";

    private BackboneIO() {
    }

    /**
     * Writes {@code backbone} to {@code out}, which stays open. The network is saved without
     * an updater: local rules keep no optimiser state in it.
     */
    public static void write(Backbone backbone, OutputStream out) throws IOException {
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        ModelSerializer.writeModel(backbone.network(), model, false);
        byte[] spec = Json.write(backbone.spec()).getBytes(StandardCharsets.UTF_8);

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
        zip.write(spec);
        zip.closeEntry();
        zip.finish();
        zip.flush();
    }

    /** Reads a backbone that {@link #write} saved; {@code in} is read to its end, not closed. */
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
                + " entry. Save backbones with BackboneIO.write (the pretrain job does);"
                + " a plain Deeplearning4j model zip does not say which block design it uses");
    }
}
