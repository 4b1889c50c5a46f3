package ai.liouna.report;

import java.util.List;
import java.util.Map;

/**
 * A finished report: the HTML page (figures embedded), the same figures as files, and the
 * numbers worth keeping in the report job's summary.
 *
 * @param html    the self-contained page
 * @param figures every chart the page shows
 * @param metrics what the page reports, as JSON-ready values
 */
public record Report(String html, List<Figure> figures, Map<String, Object> metrics) {
}
