package ai.liouna.report;

/**
 * A rendered chart: the PNG bytes, the file name they are saved under beside the report, and
 * the caption the report shows below them.
 *
 * @param fileName e.g. {@code readout.png}
 * @param caption  one or two sentences on what the picture shows
 * @param png      the image
 */
public record Figure(String fileName, String caption, byte[] png) {

    public Figure {
        if (!fileName.matches("[A-Za-z0-9._-]+\\.png")) {
            throw new IllegalArgumentException("figure file name '" + fileName + "' must be a"
                    + " plain name ending in .png");
        }
    }
}
