package ai.liouna.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import ai.liouna.util.Json;
import org.junit.jupiter.api.Test;

class ManifestTest {

    private static Manifest manifest(List<String> statsSplits) {
        return new Manifest("cifar10", "cifar10", 3, 32, 32, List.of("a", "b"),
                Map.of("train", new Manifest.SplitSummary(2, Map.of("a", 1L, "b", 1L), 0, true)),
                new double[] {0.5, 0.4, 0.3}, new double[] {0.2, 0.2, 0.2}, 8, 1024,
                Map.of("x.tar.gz", "ab"), List.of(), "liouna {}", "test", "now", statsSplits);
    }

    @Test
    void roundTripsThroughJson() {
        Manifest manifest = manifest(List.of("train", "unlabeled"));

        Manifest read = Json.read(Json.write(manifest), Manifest.class);

        assertEquals(List.of("train", "unlabeled"), read.statsSplits());
        assertEquals(0.4, read.channelStats().mean(1));
        assertEquals(1L, read.split("train").classCounts().get("b"));
    }

    @Test
    void manifestWithoutStatsSplitsStillReads() {
        String json = Json.write(manifest(null));

        Manifest read = Json.read(json, Manifest.class);

        assertNull(read.statsSplits());
        assertEquals(1024, read.rowGroupImages());
    }
}
