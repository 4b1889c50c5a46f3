package ai.liouna.report;

/**
 * How well a 2-D map keeps classes together: the share of points whose nearest other point in
 * the map has the same class. 1 means every point sits next to its own class; for {@code k}
 * balanced classes scattered at random it is about {@code 1/k}. A number to read beside a
 * t-SNE picture, which by itself is easy to over-interpret.
 */
public final class NeighbourAgreement {

    private NeighbourAgreement() {
    }

    /** Nearest-neighbour class agreement of {@code embedding}; NaN with fewer than 2 points. */
    public static double of(Embedding embedding) {
        return of(embedding.points(), embedding.labels());
    }

    /** Nearest-neighbour class agreement of {@code points} labelled {@code labels}. */
    public static double of(double[][] points, int[] labels) {
        int n = points.length;
        if (n < 2) {
            return Double.NaN;
        }
        int agreeing = 0;
        for (int i = 0; i < n; i++) {
            agreeing += labels[nearest(points, i)] == labels[i] ? 1 : 0;
        }
        return agreeing / (double) n;
    }

    /** Index of the point closest to point {@code i}, other than itself (brute force). */
    private static int nearest(double[][] points, int i) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int j = 0; j < points.length; j++) {
            if (j == i) {
                continue;
            }
            double distance = 0;
            for (int d = 0; d < points[i].length; d++) {
                double delta = points[i][d] - points[j][d];
                distance += delta * delta;
            }
            if (distance < bestDistance) {
                bestDistance = distance;
                best = j;
            }
        }
        return best;
    }
}
