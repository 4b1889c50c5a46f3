package ai.liouna.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ai.liouna.data.source.ImageFolderLayout.ImageFile;
import org.junit.jupiter.api.Test;

class ImageFolderLayoutTest {

    private static final List<String> TRAIN = List.of("train");

    @Test
    void indexesSplitsClassesAndIdsBelowATopFolder() {
        List<String> files = List.of(
                "cifar10-jpeg/train/dog/0001.jpg", "cifar10-jpeg/train/cat/0002.JPEG",
                "cifar10-jpeg/train/cat/0001.png", "cifar10-jpeg/test/dog/0000.jpg",
                "cifar10-jpeg/test/cat/0000.jpg", "cifar10-jpeg/README.txt",
                "cifar10-jpeg/train/cat/._0001.png");

        ImageFolderLayout layout = ImageFolderLayout.index(files, "cifar10-jpeg.tar.gz", TRAIN);

        assertEquals("cifar10-jpeg/", layout.topFolder());
        assertEquals(List.of("cat", "dog"), layout.classFolders());
        assertEquals(List.of("test", "train"), layout.splits());
        assertEquals(List.of(
                new ImageFile("train", 0, 0, "cifar10-jpeg/train/cat/0001.png"),
                new ImageFile("train", 1, 0, "cifar10-jpeg/train/cat/0002.JPEG"),
                new ImageFile("train", 2, 1, "cifar10-jpeg/train/dog/0001.jpg")),
                layout.files("train"));
        assertEquals(List.of("cifar10-jpeg/README.txt", "cifar10-jpeg/train/cat/._0001.png"),
                layout.ignoredFiles());
    }

    @Test
    void splitsMayStartAtTheRoot() {
        ImageFolderLayout layout = ImageFolderLayout.index(
                List.of("train/a/1.jpg", "train/b/2.jpg"), "data", TRAIN);

        assertEquals("", layout.topFolder());
        assertEquals(2, layout.files("train").size());
    }

    @Test
    void missingClassFolderInOneSplitIsNamed() {
        List<String> files = List.of("train/cat/1.jpg", "train/dog/1.jpg", "test/cat/1.jpg");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ImageFolderLayout.index(files, "data", TRAIN));
        assertTrue(error.getMessage().contains("split 'test' of data has no images of class(es)"
                + " [dog]"), error.getMessage());
    }

    @Test
    void emptyRequiredSplitIsNamed() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ImageFolderLayout.index(List.of("val/cat/1.jpg"), "data", TRAIN));

        assertTrue(error.getMessage().contains("split 'train' of data is missing or empty"),
                error.getMessage());
    }

    @Test
    void imagesAtDifferentDepthsAreRejected() {
        List<String> files = List.of("train/cat/1.jpg", "train/2.jpg");

        assertThrows(IllegalArgumentException.class,
                () -> ImageFolderLayout.index(files, "data", TRAIN));
    }

    @Test
    void sourceWithoutImagesIsRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ImageFolderLayout.index(List.of("notes.txt"), "data", TRAIN));

        assertTrue(error.getMessage().startsWith("no images"));
    }
}
