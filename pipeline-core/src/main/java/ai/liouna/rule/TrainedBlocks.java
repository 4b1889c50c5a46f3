package ai.liouna.rule;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The blocks a local rule trains ({@code pretrain.blocks}); every other block is frozen: it
 * gets no update, and its weights and BatchNorm running statistics stay exactly as they were.
 * Frozen blocks below a trained one still run forward (with batch statistics, as in the
 * all-blocks pass) to feed it; blocks above the deepest trained one are not computed at all.
 *
 * <p>Blocks are zero-based here and one-based in the configuration, as everywhere users see
 * them.
 */
public final class TrainedBlocks implements Serializable {

    private static final TrainedBlocks ALL = new TrainedBlocks(null);

    /** Ascending zero-based block indices; null means every block. */
    private final int[] blocks;

    private TrainedBlocks(int[] blocks) {
        this.blocks = blocks;
    }

    /** Every block trains: the paper's setting, all blocks from one forward pass. */
    public static TrainedBlocks all() {
        return ALL;
    }

    /**
     * The blocks numbered (one-based) in {@code numbers}, of a backbone of {@code depth} blocks;
     * an empty list means all of them.
     *
     * @throws IllegalArgumentException if a number is outside 1..depth or listed twice
     */
    public static TrainedBlocks of(List<Integer> numbers, int depth) {
        if (numbers.isEmpty()) {
            return ALL;
        }
        TreeSet<Integer> unique = new TreeSet<>();
        for (int number : numbers) {
            if (number < 1 || number > depth) {
                throw new IllegalArgumentException("pretrain.blocks = " + numbers + " names block "
                        + number + ", but the backbone has " + depth + " blocks (model.channels);"
                        + " list block numbers from 1 to " + depth + ", or [] for all");
            }
            if (!unique.add(number)) {
                throw new IllegalArgumentException("pretrain.blocks = " + numbers
                        + " lists block " + number + " twice; list each block once");
            }
        }
        return new TrainedBlocks(unique.stream().mapToInt(number -> number - 1).toArray());
    }

    public boolean isAll() {
        return blocks == null;
    }

    /** Whether zero-based block {@code block} trains. */
    public boolean includes(int block) {
        return blocks == null || Arrays.binarySearch(blocks, block) >= 0;
    }

    /** The zero-based index of the deepest trained block: where a forward pass may stop. */
    public int deepest(int depth) {
        return blocks == null ? depth - 1 : blocks[blocks.length - 1];
    }

    /** The trained blocks, one-based, as summaries and logs show them. */
    public List<Integer> numbers(int depth) {
        List<Integer> numbers = new ArrayList<>();
        for (int block = 0; block < depth; block++) {
            if (includes(block)) {
                numbers.add(block + 1);
            }
        }
        return numbers;
    }

    @Override
    public String toString() {
        return blocks == null ? "all blocks"
                : "blocks " + Arrays.toString(Arrays.stream(blocks).map(b -> b + 1).toArray());
    }
}
