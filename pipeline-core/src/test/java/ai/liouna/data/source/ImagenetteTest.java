package ai.liouna.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ImagenetteTest {

    private static final String HEADER = "path,noisy_labels_0,noisy_labels_1,noisy_labels_5,"
            + "noisy_labels_25,noisy_labels_50,is_valid\n";

    private static ImageFolderLayout layout() {
        return ImageFolderLayout.index(List.of(
                "imagenette2-160/train/n01440764/n01440764_1.JPEG",
                "imagenette2-160/train/n03888605/n03888605_2.JPEG",
                "imagenette2-160/val/n01440764/n01440764_3.JPEG",
                "imagenette2-160/val/n03888605/n03888605_4.JPEG",
                "imagenette2-160/noisy_imagenette.csv"), "imagenette2-160", Imagenette.SPLITS);
    }

    private static String row(String path, String label, boolean valid) {
        return path + "," + label + "," + label + "," + label + "," + label + "," + label + ","
                + (valid ? "True" : "False") + "\n";
    }

    @Test
    void wordNetIdsMapToTheTenClassNames() {
        assertEquals(List.of("tench", "parachute"),
                Imagenette.classNames(List.of("n01440764", "n03888605")));
        assertEquals(List.of("tench", "English springer", "cassette player", "chain saw",
                "church", "French horn", "garbage truck", "gas pump", "golf ball", "parachute"),
                List.copyOf(Imagenette.CLASS_NAMES.values()));
        assertThrows(IllegalArgumentException.class,
                () -> Imagenette.classNames(List.of("n99999999")));
    }

    @Test
    void labelFileThatMatchesTheFoldersPasses() {
        String csv = HEADER
                + row("train/n01440764/n01440764_1.JPEG", "n01440764", false)
                + row("train/n03888605/n03888605_2.JPEG", "n03888605", false)
                + row("val/n01440764/n01440764_3.JPEG", "n01440764", true)
                + row("val/n03888605/n03888605_4.JPEG", "n03888605", true);

        Imagenette.checkLabelFile(csv, layout());
    }

    @Test
    void labelFileThatDisagreesIsReported() {
        String csv = HEADER
                + row("train/n01440764/n01440764_1.JPEG", "n03888605", false)
                + row("train/n03888605/n03888605_2.JPEG", "n03888605", false)
                + row("val/n01440764/n01440764_3.JPEG", "n01440764", true)
                + row("val/n03888605/n03888605_9.JPEG", "n03888605", true);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Imagenette.checkLabelFile(csv, layout()));
        assertTrue(error.getMessage().contains("in 3 place(s)"), error.getMessage());
        assertTrue(error.getMessage().contains("train/n01440764/n01440764_1.JPEG lies in"
                + " train/n01440764 but noisy_imagenette.csv gives label n03888605"));
    }
}
