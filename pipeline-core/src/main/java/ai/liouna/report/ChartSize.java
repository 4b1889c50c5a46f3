package ai.liouna.report;

/**
 * Width and height of a chart in pixels.
 *
 * @param width  pixels across
 * @param height pixels down
 */
public record ChartSize(int width, int height) {

    /** Big enough to read in a browser, small enough to embed a dozen in one page. */
    public static final ChartSize DEFAULT = new ChartSize(900, 520);

    public ChartSize {
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException("chart size " + width + "x" + height
                    + " is too small to read; report.width and report.height must be at least"
                    + " 200 and 150 pixels");
        }
    }
}
