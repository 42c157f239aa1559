package dev.sure4j.adapters.train;

import dev.sure4j.adapters.model.AdapterModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes an adapter's trained weights into a checkpoint directory. The engine gives a fresh
 * directory beside the final one, writes its own {@code trainer_state.json} into it too, and only
 * then renames it into place ({@code outputDir/best} or {@code outputDir/last}), so a crash during
 * writing never damages an existing checkpoint.
 */
@FunctionalInterface
public interface CheckpointWriter {

  /**
   * Writes the weights.
   *
   * @param model the model being trained
   * @param adapterName the adapter being trained
   * @param dir an existing, empty directory to write into
   * @throws IOException when writing fails
   */
  void write(AdapterModel model, String adapterName, Path dir) throws IOException;
}
