package ai.liouna.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ResultsCsvTest {

    @Test
    void roundTripsItsOwnFormat() {
        List<ResultRow> rows = List.of(
                new ResultRow("liouna-ours-1", "liouna", "ours", "cifar10", 1, 1, 0.61, 0.55, 42),
                new ResultRow("a, \"quoted\" run", "none", "pnb", "cifar10", 2, 2, Double.NaN,
                        0.5, Double.NaN));

        List<ResultRow> read = ResultsCsv.parse(ResultsCsv.format(rows), "results.csv");

        assertEquals(2, read.size());
        assertEquals(rows.get(0), read.get(0));
        assertEquals("a, \"quoted\" run", read.get(1).run());
        assertTrue(Double.isNaN(read.get(1).trainedTop1()));
        assertTrue(Double.isNaN(read.get(1).seconds()));
    }

    @Test
    void findsColumnsByNameAndIgnoresExtraOnes() {
        String text = "block,seed,extra_metric,run,dataset,design,algorithm,random_top1,"
                + "trained_top1,seconds,notes\r\n"
                + "3,7,0.1,r1,stl10,pnbt,liouna,0.5,0.62,100.5,\"first, run\"\r\n"
                + "\r\n";

        List<ResultRow> rows = ResultsCsv.parse(text, "results.csv");

        assertEquals(List.of(new ResultRow("r1", "liouna", "pnbt", "stl10", 7, 3, 0.62, 0.5,
                100.5)), rows);
    }

    @Test
    void readsPercentagesAsFractions() {
        String text = String.join(",", ResultsCsv.COLUMNS) + "\n"
                + "r,liouna,ours,cifar10,1,1,68.92,56.26,10\n";

        ResultRow row = ResultsCsv.parse(text, "results.csv").get(0);

        assertEquals(0.6892, row.trainedTop1(), 1e-9);
        assertEquals(0.5626, row.randomTop1(), 1e-9);
    }

    @Test
    void missingColumnsAreNamedWithTheExpectedHeader() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ResultsCsv.parse("run,block\nr,1\n", "exp/results.csv"));

        assertTrue(error.getMessage().contains("exp/results.csv"), error.getMessage());
        assertTrue(error.getMessage().contains("trained_top1"), error.getMessage());
    }

    @Test
    void aBadNumberNamesTheLine() {
        String text = String.join(",", ResultsCsv.COLUMNS) + "\n"
                + "r,liouna,ours,cifar10,1,1,0.6,0.5,10\n"
                + "r,liouna,ours,cifar10,one,2,0.6,0.5,10\n";

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ResultsCsv.parse(text, "results.csv"));

        assertTrue(error.getMessage().contains("line 3"), error.getMessage());
    }

    @Test
    void aggregatesSeedsIntoMeanAndStandardDeviation() {
        List<ReadoutSeries> series = ReadoutSeries.aggregate(ChartsTest.rows());

        assertEquals(2, series.size());
        ReadoutSeries liouna = series.get(0);
        assertEquals("liouna", liouna.key().algorithm());
        assertEquals(3, liouna.seeds());
        assertEquals(3, liouna.depth());
        assertEquals(0.4 + 0.24 + 0.05 + 0.02, liouna.trainedMean()[2], 1e-9);
        assertEquals(0.01, liouna.trainedSd()[2], 1e-9);
        assertEquals(0.0, liouna.randomSd()[0], 1e-9);
        assertEquals(3, liouna.bestBlock());
    }
}
