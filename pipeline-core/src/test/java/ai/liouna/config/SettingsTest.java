package ai.liouna.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path directory;

    @Test
    void defaultsCanBeOverriddenWithOrWithoutTheRootPrefix() {
        Settings settings = Settings.defaults("pretrain.epochs=7", "liouna.run.seed=3",
                "model.channels=[4, 8]");
        assertEquals(7, settings.getInt("pretrain.epochs"));
        assertEquals(3, settings.getLong("run.seed"));
        assertEquals(List.of(4, 8), settings.getIntList("model.channels"));
        assertEquals("joint", settings.getString("pretrain.update"));
    }

    @Test
    void commandLineBeatsTheFileWhichBeatsTheDefaults() throws IOException {
        Path file = directory.resolve("experiment.conf");
        Files.writeString(file, "liouna { pretrain.epochs = 4, pretrain.batchSize = 64 }");
        Settings settings = Settings.load(file.toFile(), List.of("pretrain.epochs=9"));
        assertEquals(9, settings.getInt("pretrain.epochs"));
        assertEquals(64, settings.getInt("pretrain.batchSize"));
        assertEquals(0.8, settings.getDouble("pretrain.maskRatio.max"));
    }

    @Test
    void misspelledKeyNamesTheValidKeysBesideIt() {
        SettingsException error = assertThrows(SettingsException.class,
                () -> Settings.defaults("pretrain.maskRatio.mxa=0.5"));
        assertTrue(error.getMessage().contains("unknown key 'pretrain.maskRatio.mxa'"),
                error.getMessage());
        assertTrue(error.getMessage().contains("pretrain.maskRatio.max, pretrain.maskRatio.min"),
                error.getMessage());
    }

    @Test
    void misspelledSectionNamesTheTopLevelKeys() {
        SettingsException error = assertThrows(SettingsException.class,
                () -> Settings.defaults("pretrian.epochs=2"));
        assertTrue(error.getMessage().contains("pretrain"), error.getMessage());
    }

    @Test
    void misspelledKeyInAFileFailsToo() throws IOException {
        Path file = directory.resolve("typo.conf");
        Files.writeString(file, "liouna.probe.epoch = 3");
        SettingsException error = assertThrows(SettingsException.class,
                () -> Settings.load(file.toFile(), List.of()));
        assertTrue(error.getMessage().contains("probe.epochs"), error.getMessage());
    }

    @Test
    void sparkConfIsFreeForm() {
        Settings settings = Settings.defaults("spark.conf.\"spark.executor.memory\"=8g");
        assertEquals("8g", settings.section("spark.conf").getString("\"spark.executor.memory\""));
    }

    @Test
    void missingFileSaysWhereToLook() {
        SettingsException error = assertThrows(SettingsException.class,
                () -> Settings.load(new File("conf/none.conf"), List.of()));
        assertTrue(error.getMessage().contains("conf/cifar10-ours.conf"), error.getMessage());
    }

    @Test
    void shippedExperimentFilesLoadAndDifferWhereThePaperSays() {
        File conf = new File("../conf");
        Settings ours = Settings.load(new File(conf, "cifar10-ours.conf"), List.of());
        Settings pnb = Settings.load(new File(conf, "cifar10-pnb.conf"), List.of());
        Settings pnbt = Settings.load(new File(conf, "cifar10-pnbt.conf"), List.of());
        assertEquals("ours", ours.getString("model.design"));
        assertEquals("pnb", pnb.getString("model.design"));
        assertEquals("pnbt", pnbt.getString("model.design"));
        assertEquals(0.85, pnb.getDouble("pretrain.maskRatio.max"));
        assertEquals(2048, pnb.getInt("pretrain.batchSize"));
        assertEquals(List.of(64, 128, 256), pnbt.getIntList("model.channels"));
    }

    @Test
    void softHebbExperimentFilesCarryTheHyperParametersOfTable6() {
        File conf = new File("../conf");
        Settings pnb = Settings.load(new File(conf, "cifar10-softhebb-pnb.conf"), List.of());
        Settings ours = Settings.load(new File(conf, "cifar10-softhebb-ours.conf"), List.of());
        Settings pnbt = Settings.load(new File(conf, "cifar10-softhebb-pnbt.conf"), List.of());
        for (Settings settings : List.of(pnb, ours, pnbt)) {
            assertEquals("softhebb", settings.getString("pretrain.algorithm"));
            assertEquals("softhebb", settings.getString("model.init"));
            assertEquals(25.0, settings.getDouble("model.initRadius"));
            assertEquals(0.5, settings.getDouble("pretrain.softhebb.schedulerPower"));
        }
        assertEquals(List.of("pnb", "ours", "pnbt"), List.of(pnb.getString("model.design"),
                ours.getString("model.design"), pnbt.getString("model.design")));
        assertEquals(List.of(0.75), pnb.getDoubles("pretrain.softhebb.temperature"));
        assertEquals(List.of(1.0), pnbt.getDoubles("pretrain.softhebb.temperature"));
        assertEquals(0.01, pnb.getDouble("pretrain.softhebb.learningRate"));
        assertEquals(0.001, ours.getDouble("pretrain.softhebb.learningRate"));
        assertEquals(List.of(64, 256, 1024), List.of(pnb.getInt("pretrain.batchSize"),
                ours.getInt("pretrain.batchSize"), pnbt.getInt("pretrain.batchSize")));
    }

    @Test
    void oneNumberOrAListOfNumbers() {
        assertEquals(List.of(0.5), Settings.defaults("pretrain.softhebb.temperature=0.5")
                .getDoubles("pretrain.softhebb.temperature"));
        assertEquals(List.of(0.5, 1.0), Settings.defaults("pretrain.softhebb.temperature=[0.5,1]")
                .getDoubles("pretrain.softhebb.temperature"));
    }

    @Test
    void renderedConfigurationRoundTrips() {
        Settings settings = Settings.defaults("pretrain.learningRate=0.25");
        Settings again = Settings.fromRendered(settings.render());
        assertEquals(0.25, again.getDouble("pretrain.learningRate"));
    }
}
