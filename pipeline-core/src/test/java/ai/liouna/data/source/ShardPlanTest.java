package ai.liouna.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ShardPlanTest {

    private static List<Integer> positions(ShardPlan plan) {
        List<Integer> positions = new ArrayList<>();
        for (long id = 0; id < plan.images(); id++) {
            positions.add(plan.position(id));
        }
        return positions;
    }

    @Test
    void sameSeedSamePlan() {
        assertEquals(positions(ShardPlan.of(42, "train", 1000, 8)),
                positions(ShardPlan.of(42, "train", 1000, 8)));
    }

    @Test
    void seedAndSplitChangeThePlan() {
        List<Integer> base = positions(ShardPlan.of(42, "train", 1000, 8));

        assertNotEquals(base, positions(ShardPlan.of(43, "train", 1000, 8)));
        assertNotEquals(base, positions(ShardPlan.of(42, "test", 1000, 8)));
    }

    @Test
    void positionsArePermutation() {
        Set<Integer> seen = new HashSet<>(positions(ShardPlan.of(7, "train", 997, 4)));

        assertEquals(997, seen.size());
        assertTrue(seen.stream().allMatch(p -> p >= 0 && p < 997));
    }

    @Test
    void shardsAreBalancedWithinOneImage() {
        ShardPlan plan = ShardPlan.of(1, "unlabeled", 1003, 8);
        int[] counts = new int[8];
        for (long id = 0; id < 1003; id++) {
            counts[plan.shard(id)]++;
        }

        for (int count : counts) {
            assertTrue(count == 125 || count == 126, "shard of " + count + " images");
        }
    }

    @Test
    void imagesAreShuffledAcrossShards() {
        ShardPlan plan = ShardPlan.of(3, "train", 800, 8);
        int firstHundredInShardZero = 0;
        for (long id = 0; id < 100; id++) {
            firstHundredInShardZero += plan.shard(id) == 0 ? 1 : 0;
        }

        assertTrue(firstHundredInShardZero < 30, "ids 0..99 should spread over all shards");
    }

    @Test
    void moreShardsThanImagesLeavesSomeEmpty() {
        ShardPlan plan = ShardPlan.of(3, "test", 3, 8);

        assertEquals(Set.of(0, 2, 5), Set.of(plan.shard(0), plan.shard(1), plan.shard(2)));
    }

    @Test
    void idOutsideTheSplitIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ShardPlan.of(3, "test", 3, 2)
                .position(3));
    }
}
