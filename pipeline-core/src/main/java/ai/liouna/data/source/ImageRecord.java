package ai.liouna.data.source;

import java.io.Serializable;

/**
 * One image ready to be stored as a shard row, with where it came from. The fields are the
 * columns of the shard schema.
 *
 * @param id     index of the image within its split, dense from 0 and stable across re-ingests
 *               of the same source
 * @param split  train, test, unlabeled or val
 * @param label  class index into the dataset's class names; null for unlabeled images
 * @param folds  predefined training folds that contain the image (STL-10); null elsewhere
 * @param image  the pixels
 * @param source the source file, with {@code #record} for a record of a binary file
 */
public record ImageRecord(long id, String split, Integer label, int[] folds, PixelImage image,
                          String source) implements Serializable {
}
