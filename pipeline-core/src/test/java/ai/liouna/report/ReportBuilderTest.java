package ai.liouna.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class ReportBuilderTest {

    private static final ReportBuilder BUILDER = new ReportBuilder(new ChartSize(500, 320),
            "test version");

    @Test
    void experimentReportHasAggregateTablesAndEmbeddedCharts() {
        ReportInputs inputs = new ReportInputs("runs/exp <1>", null, null, null,
                ChartsTest.rows(), "| algorithm | trained |\n", null);

        Report report = BUILDER.build("Experiment & co", inputs);

        String html = report.html();
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<title>Experiment &amp; co</title>"));
        assertTrue(html.contains("runs/exp &lt;1&gt;"), "text is escaped");
        assertTrue(html.contains("<th>gain (points)</th>"));
        assertTrue(html.contains("softhebb"));
        assertTrue(html.contains("| algorithm | trained |"), "results.md is shown");
        assertEquals(List.of("readout-cifar10.png"), report.figures().stream()
                .map(Figure::fileName).toList());
        assertEquals(1, count(html, "src=\"data:image/png;base64,"));
        assertEquals("experiment", report.metrics().get("kind"));
    }

    @Test
    void pageNeverReferencesAnythingOutsideItself() {
        Report report = BUILDER.build("t", new ReportInputs("x", null, null, null,
                ChartsTest.rows(), null, null));

        Matcher references = Pattern.compile("(src|href)\\s*=\\s*\"([^\"]*)\"")
                .matcher(report.html());
        while (references.find()) {
            assertTrue(references.group(2).startsWith("data:"), references.group());
        }
        assertFalse(report.html().contains("<link"));
        assertFalse(report.html().contains("<script"));
    }

    @Test
    void nothingToReportNamesWhatWasExpected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> BUILDER.build("t", new ReportInputs("runs/empty", null, null, null, null,
                        null, null)));
        assertTrue(error.getMessage().contains("runs/empty"));
        assertTrue(error.getMessage().contains("probe/summary.json"));
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
