package ai.liouna.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import org.junit.jupiter.api.Test;

class IngestOptionsTest {

    @Test
    void defaultsAreValid() {
        IngestOptions options = IngestOptions.from(Settings.defaults());

        assertEquals("image-folder", options.format());
        assertEquals(8, options.shards());
        assertEquals(1024, options.rowGroupImages());
        assertFalse(options.failOnCorrupt());
        assertEquals(List.of("train"), options.statsSplits());
        assertEquals(42, options.seed());
        assertTrue(options.readsImageFiles());
    }

    @Test
    void imagenetteDefaultsToThePapersSize() {
        IngestOptions options = IngestOptions.from(Settings.defaults("ingest.format=imagenette"));

        assertEquals(160, options.imageSize());
        assertEquals(96, IngestOptions.from(Settings.defaults("ingest.format=imagenette",
                "ingest.imageSize=96")).imageSize());
    }

    @Test
    void stl10StatisticsCoverTrainAndUnlabeled() {
        IngestOptions options = IngestOptions.from(Settings.defaults("ingest.format=stl10"));

        assertEquals(List.of("train", "unlabeled"), options.statsSplits());
        assertFalse(options.readsImageFiles());
    }

    @Test
    void invalidValuesNameTheKeyAndTheChoices() {
        SettingsException format = assertThrows(SettingsException.class, () ->
                IngestOptions.from(Settings.defaults("ingest.format=cifar-10")));
        SettingsException corrupt = assertThrows(SettingsException.class, () ->
                IngestOptions.from(Settings.defaults("ingest.onCorruptImage=ignore")));

        assertTrue(format.getMessage().contains("ingest.format='cifar-10' is not valid"));
        assertTrue(format.getMessage().contains("cifar10 | cifar100 | image-folder"));
        assertTrue(corrupt.getMessage().contains("skip | fail"));
        assertThrows(SettingsException.class, () ->
                IngestOptions.from(Settings.defaults("ingest.channels=4")));
        assertThrows(SettingsException.class, () ->
                IngestOptions.from(Settings.defaults("ingest.shards=0")));
    }
}
