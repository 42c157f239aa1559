package dev.sure4j.adapters.train;

import dev.sure4j.adapters.model.AdapterModel;
import java.io.IOException;
import java.nio.file.Path;

/** Loads weights written by the matching {@link CheckpointWriter} back into a model. */
@FunctionalInterface
public interface CheckpointReader {

  /**
   * Reads the weights into the model. A failed read must leave the model unchanged.
   *
   * @param model the model to load into; it already holds the adapter
   * @param adapterName the adapter the weights belong to
   * @param dir a checkpoint directory
   * @throws IOException when the files cannot be read or do not match the model
   */
  void read(AdapterModel model, String adapterName, Path dir) throws IOException;
}
