package ai.liouna.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ResultsMarkdownTest {

    private static ResultRow row(String algorithm, long seed, int block, double trained,
                                 double random, double seconds) {
        return new ResultRow(algorithm + "-ours-cifar10-seed" + seed, algorithm, "ours",
                "cifar10", seed, block, trained, random, seconds);
    }

    @Test
    void blocksShowTheMeanAndSampleDeviationOverSeeds() {
        List<ResultRow> rows = List.of(
                row("liouna", 1, 1, 0.50, 0.40, 100), row("liouna", 1, 2, 0.60, 0.45, 100),
                row("liouna", 2, 1, 0.70, 0.42, 300), row("liouna", 2, 2, 0.64, 0.47, 300),
                row("random-kaiming", 1, 1, Double.NaN, 0.30, 10),
                row("random-kaiming", 1, 2, Double.NaN, 0.35, 10));

        String markdown = ResultsMarkdown.format("Table 1", rows);

        assertTrue(markdown.startsWith("# Table 1\n"), markdown);
        assertTrue(markdown.contains("\n## cifar10\n"), markdown);
        assertTrue(markdown.contains("| algorithm | design | seeds | block 1 | block 2 |"
                + " random init, last block | wall s per cell |"), markdown);
        assertTrue(markdown.contains("| liouna | ours | 2 | 60.00 ± 14.14% | 62.00 ± 2.83% |"
                + " 46.00 ± 1.41% | 200 |"), markdown);
        assertTrue(markdown.contains("| random-kaiming | ours | 1 | 30.00% | 35.00% | – | 10 |"),
                "an untrained network shows its own readout: " + markdown);
    }

    @Test
    void aMissingMeasurementIsADash() {
        assertEquals("–", ResultsMarkdown.cell(Double.NaN, Double.NaN));
        assertEquals("12.35%", ResultsMarkdown.cell(0.12345, Double.NaN));
    }
}
