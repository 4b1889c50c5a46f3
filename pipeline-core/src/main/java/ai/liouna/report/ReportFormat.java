package ai.liouna.report;

import java.util.Locale;

/** How numbers read in report tables: accuracies in percent, missing values as a dash. */
final class ReportFormat {

    static final String MISSING = "–";

    private ReportFormat() {
    }

    /** A fraction as a percentage with two decimals, e.g. {@code 68.92%}. */
    static String percent(double fraction) {
        return Double.isFinite(fraction)
                ? String.format(Locale.ROOT, "%.2f%%", 100 * fraction) : MISSING;
    }

    /** Mean and standard deviation in percent, e.g. {@code 68.92 ± 0.41%}. */
    static String percent(double mean, double sd) {
        if (!Double.isFinite(sd)) {
            return percent(mean);
        }
        return String.format(Locale.ROOT, "%.2f ± %.2f%%", 100 * mean, 100 * sd);
    }

    /** A difference of fractions in percentage points, signed, e.g. {@code +12.66}. */
    static String points(double difference) {
        return Double.isFinite(difference)
                ? String.format(Locale.ROOT, "%+.2f", 100 * difference) : MISSING;
    }

    /** A plain number with at most {@code decimals} decimals. */
    static String number(double value, int decimals) {
        return Double.isFinite(value)
                ? String.format(Locale.ROOT, "%." + decimals + "f", value) : MISSING;
    }
}
