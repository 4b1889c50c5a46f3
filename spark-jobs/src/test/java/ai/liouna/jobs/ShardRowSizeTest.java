package ai.liouna.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ShardRowSizeTest {

    @Test
    void meanRecordNameLengthCountsEveryIndex() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            names.add("data_batch_1.bin#" + i);
        }

        assertEquals(ShardRowSize.meanSourceBytes(names),
                ShardRowSize.meanRecordSourceBytes("data_batch_1.bin", 10_000), 1e-9);
        assertEquals(13, ShardRowSize.meanRecordSourceBytes("train_X.bin", 1), 1e-9);
    }

    @Test
    void rowBytesAddEveryColumnsPlainSize() {
        ShardRowSize size = new ShardRowSize(3072, 21, true, 0);

        assertEquals(8 + 4 + 5 + 4 + 12 + 4 + 3072 + 4 + 21, size.bytes("train"));
        assertEquals(8 + 4 + 9 + 8 + 12 + 4 + 27648 + 4 + 21,
                new ShardRowSize(27648, 21, false, 2).bytes("unlabeled"));
    }
}
