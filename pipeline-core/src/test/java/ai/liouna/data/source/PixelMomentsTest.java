package ai.liouna.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import ai.liouna.data.ChannelStats;
import org.junit.jupiter.api.Test;

class PixelMomentsTest {

    @Test
    void statsMatchDirectComputation() {
        SplittableRandom random = new SplittableRandom(9);
        byte[][] images = new byte[5][2 * 4 * 4];
        PixelMoments moments = new PixelMoments(2);
        for (byte[] image : images) {
            for (int i = 0; i < image.length; i++) {
                image[i] = (byte) random.nextInt(256);
            }
            moments.add(image);
        }

        ChannelStats stats = moments.stats();

        for (int channel = 0; channel < 2; channel++) {
            double sum = 0;
            double squares = 0;
            for (byte[] image : images) {
                for (int i = channel * 16; i < (channel + 1) * 16; i++) {
                    double value = (image[i] & 0xFF) / 255.0;
                    sum += value;
                    squares += value * value;
                }
            }
            double mean = sum / 80;
            assertEquals(mean, stats.mean(channel), 1e-12);
            assertEquals(Math.sqrt(squares / 80 - mean * mean), stats.std(channel), 1e-9);
        }
    }

    @Test
    void mergedPartsEqualTheWhole() {
        byte[] first = {0, (byte) 255, 10, 20};
        byte[] second = {100, 100, (byte) 200, 50};

        ChannelStats whole = new PixelMoments(2).add(first).add(second).stats();
        ChannelStats merged = new PixelMoments(2).add(first)
                .merge(new PixelMoments(2).add(second)).stats();

        assertEquals(whole.mean(0), merged.mean(0), 0);
        assertEquals(whole.std(1), merged.std(1), 0);
        assertEquals((0 + 255 + 100 + 100) / 4.0 / 255, whole.mean(0), 1e-12);
    }
}
