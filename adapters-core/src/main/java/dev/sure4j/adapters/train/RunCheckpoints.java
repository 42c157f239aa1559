package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.nn.Parameter;
import dev.sure4j.adapters.model.AdapterModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The checkpoint side of an {@link AdapterTrainer} run: resuming from a checkpoint (state, weights,
 * optimizer moments) and the store that writes {@code best} and {@code last} with the optimizer
 * state beside the weights.
 */
final class RunCheckpoints {

  private RunCheckpoints() {}

  /**
   * Returns the state a fresh run starts from.
   *
   * @param adapter the adapter being trained
   * @param seed the run's seed
   * @return step 0, no history
   */
  static TrainingState fresh(String adapter, long seed) {
    TrainingState state = new TrainingState();
    state.adapter = adapter;
    state.seed = seed;
    return state;
  }

  /**
   * Reads a checkpoint's state and weights into the model. The checkpoint must have trained the
   * same adapter, and its optimizer state, when present, is checked first (into a throwaway
   * optimizer), so a bad file fails before the model's weights change.
   *
   * @param from the checkpoint directory, usually {@code outputDir/last}
   * @param model the model; its adapter is active
   * @param adapter the adapter being trained
   * @param reader reads the weights
   * @return the saved state
   * @throws IOException when the checkpoint cannot be read or does not fit the model
   */
  static TrainingState resume(
      Path from, AdapterModel model, String adapter, CheckpointReader reader) throws IOException {
    Path dir = CheckpointStore.locate(from);
    TrainingState saved = TrainingState.read(dir);
    checkArgument(
        adapter.equals(saved.adapter),
        "checkpoint %s trained adapter '%s', not '%s'",
        dir,
        saved.adapter,
        adapter);
    Path optimizerFile = dir.resolve(AdapterTrainer.OPTIMIZER_FILE);
    if (Files.isRegularFile(optimizerFile)) {
      AdamW.builder().build().loadState(ParameterCheckpoints.trainableByName(model), optimizerFile);
    }
    reader.read(model, adapter, dir);
    return saved;
  }

  /**
   * Restores the optimizer moments saved in a checkpoint; a checkpoint without them (written by an
   * older version) leaves zero moments.
   *
   * @param from the checkpoint directory
   * @param optimizer the run's optimizer
   * @param trainable the trainable parameters by name
   * @throws IOException when the state cannot be read or does not fit the parameters
   */
  static void restoreOptimizer(Path from, AdamW optimizer, Map<String, Parameter> trainable)
      throws IOException {
    Path file = CheckpointStore.locate(from).resolve(AdapterTrainer.OPTIMIZER_FILE);
    if (Files.isRegularFile(file)) {
      optimizer.loadState(trainable, file);
    }
  }

  /**
   * Returns the store writing the run's checkpoints, each with the optimizer state.
   *
   * @param outputDir the run directory
   * @param writer writes the weights
   * @param optimizer the run's optimizer
   * @param trainable the trainable parameters by name
   * @return the store, with the temporary directories of interrupted writes deleted
   * @throws IOException when a leftover cannot be deleted
   */
  static CheckpointStore store(
      Path outputDir, CheckpointWriter writer, AdamW optimizer, Map<String, Parameter> trainable)
      throws IOException {
    CheckpointStore store =
        new CheckpointStore(
            outputDir,
            writer,
            dir -> optimizer.saveState(trainable, dir.resolve(AdapterTrainer.OPTIMIZER_FILE)));
    store.deleteLeftovers();
    return store;
  }
}
