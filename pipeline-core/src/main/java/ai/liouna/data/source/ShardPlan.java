package ai.liouna.data.source;

import java.io.Serializable;
import java.util.SplittableRandom;

import ai.liouna.rule.RandomKey;

/**
 * Where each image of a split goes: a seeded random permutation of the split's ids, cut into
 * {@code shards} contiguous runs of equal length (within one image). Position {@code p} of the
 * permutation is shard {@code p * shards / images}, and images are stored in a shard in
 * position order. The plan depends only on the seed, the split name, the image count and the
 * shard count, so re-ingesting a source with the same seed writes the same shards, row for row.
 */
public final class ShardPlan implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Images in the split; ids run from 0 to images - 1. */
    private final int images;

    /** Shard files of the split. */
    private final int shards;

    /** positions[id]: where the image with that id lands in the permutation. */
    private final int[] positions;

    private ShardPlan(int images, int shards, int[] positions) {
        this.images = images;
        this.shards = shards;
        this.positions = positions;
    }

    /** Shuffles ids 0..images-1 with a Fisher-Yates pass seeded by (seed, split). */
    public static ShardPlan of(long seed, String split, long images, int shards) {
        if (images <= 0 || images > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("split '" + split + "' has " + images
                    + " images; a shard plan needs between 1 and 2^31 images");
        }
        if (shards <= 0) {
            throw new IllegalArgumentException("ingest.shards must be positive, not " + shards);
        }
        int count = (int) images;
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(RandomKey.of(seed, split.hashCode()).seed());
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int[] positions = new int[count];
        for (int position = 0; position < count; position++) {
            positions[order[position]] = position;
        }
        return new ShardPlan(count, shards, positions);
    }

    public int images() {
        return images;
    }

    public int shards() {
        return shards;
    }

    /** The image's place in the split's permutation, which also orders it in its shard. */
    public int position(long id) {
        if (id < 0 || id >= images) {
            throw new IllegalArgumentException("image id " + id + " is outside 0.." + (images - 1));
        }
        return positions[(int) id];
    }

    /** The shard of the image at a permutation position. */
    public int shardOfPosition(int position) {
        return shardOfPosition(position, shards, images);
    }

    /** Position p of {@code images} goes to shard {@code p * shards / images}. */
    public static int shardOfPosition(int position, int shards, int images) {
        return (int) ((long) position * shards / images);
    }

    public int shard(long id) {
        return shardOfPosition(position(id));
    }
}
