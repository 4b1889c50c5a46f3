package ai.liouna.jobs;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bytes Parquet's writer counts for one shard row while it buffers a row group: each column
 * at its plain-encoded size (8 for a long, 4 for an int, 4 plus the length for binary and
 * strings), dictionary encoding or not. It turns an image count into the byte limit Parquet
 * closes row groups by ({@link ShardWriter#parquetOptions}); being off by a byte per row moves
 * the cut by a row in a thousand, so the source-name length, which varies most, is measured.
 *
 * @param imageBytes      pixel bytes of one image
 * @param meanSourceBytes mean UTF-8 length of the {@code source} column
 * @param labeled         whether rows carry a label
 * @param meanFolds       mean number of entries of the {@code folds} column
 */
record ShardRowSize(int imageBytes, double meanSourceBytes, boolean labeled, double meanFolds) {

    /** The counted bytes of a row of split {@code split}, rounded. */
    long bytes(String split) {
        double row = 8                                  // id
                + 4 + split.length()                    // split
                + (labeled ? 4 : 0)                     // label
                + 4 * meanFolds                         // folds
                + 3 * 4                                 // height, width, channels
                + 4 + imageBytes                        // pixels
                + 4 + meanSourceBytes;                  // source
        return Math.round(row);
    }

    /** Mean length of the names {@code file#0} to {@code file#(records-1)}. */
    static double meanRecordSourceBytes(String file, long records) {
        long digits = 0;
        for (long power = 1, width = 1; power <= Math.max(1, records - 1); power *= 10, width++) {
            long from = power == 1 ? 0 : power;
            long to = Math.min(records, power * 10);
            digits += Math.max(0, to - from) * width;
        }
        return file.length() + 1 + (double) digits / Math.max(1, records);
    }

    /** Mean UTF-8 length of the given source names. */
    static double meanSourceBytes(List<String> names) {
        long total = 0;
        for (String name : names) {
            total += name.getBytes(StandardCharsets.UTF_8).length;
        }
        return (double) total / Math.max(1, names.size());
    }
}
