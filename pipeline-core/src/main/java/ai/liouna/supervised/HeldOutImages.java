package ai.liouna.supervised;

import java.util.Arrays;

import ai.liouna.data.ImageBlock;
import ai.liouna.rule.RandomKey;

/**
 * Which training images are held out for validation: image {@code id} is held out when a
 * number drawn from (seed, id) falls below the fraction. A pure function of the id, so every
 * partitioning of a dataset holds out the same images.
 */
public final class HeldOutImages {

    private HeldOutImages() {
    }

    /** Whether image {@code id} belongs to the validation part. */
    public static boolean isHeldOut(long seed, long id, double fraction) {
        double uniform = (RandomKey.of(seed, 0x5EED_0F_5A1DL, id).seed() >>> 11) * 0x1.0p-53;
        return uniform < fraction;
    }

    /** The images of {@code block} that are held out ({@code heldOut}) or kept for fitting. */
    public static ImageBlock part(ImageBlock block, long seed, double fraction,
                                  boolean heldOut) {
        int[] selected = new int[block.size()];
        int count = 0;
        for (int i = 0; i < block.size(); i++) {
            if (isHeldOut(seed, block.id(i), fraction) == heldOut) {
                selected[count++] = i;
            }
        }
        return block.select(Arrays.copyOf(selected, count));
    }
}
