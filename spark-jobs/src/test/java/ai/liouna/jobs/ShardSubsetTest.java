package ai.liouna.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import ai.liouna.data.ImageBlock;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fixed subsets that pretrain.maxImages and probe.max*Images read. */
class ShardSubsetTest {

    @TempDir
    static Path directory;
    static ShardStore store;

    @BeforeAll
    static void writeShards() throws Exception {
        SparkSession spark = SparkTestSession.get();
        TestShards.write(spark, directory, 8, 50, 10, 4);
        store = new ShardStore(spark, new HadoopFiles(spark.sparkContext()
                .hadoopConfiguration()), directory.toString());
    }

    private static Set<Long> ids(int partitions, long seed, long maxImages) {
        Set<Long> ids = new TreeSet<>();
        for (ImageBlock block : store.blocks(List.of("train"), partitions, seed, maxImages)
                .collect()) {
            for (int i = 0; i < block.size(); i++) {
                ids.add(block.id(i));
            }
        }
        return ids;
    }

    @Test
    void aSubsetHasExactlyTheSizeAskedAndDependsOnlyOnTheSeed() {
        Set<Long> subset = ids(2, 7, 20);

        assertEquals(20, subset.size());
        assertEquals(subset, ids(3, 7, 20), "the same images on any number of partitions");
        assertNotEquals(subset, ids(2, 8, 20), "another seed draws other images");
        assertEquals(50, ids(2, 7, 0).size(), "0 reads every image");
        assertEquals(50, ids(2, 7, 80).size(), "a cap above the split's size reads all");
    }
}
