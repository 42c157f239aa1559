package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.io.ParameterFiles;
import dev.sure4j.adapters.nn.StateDict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Checkpoints, resume and the training log of a loop that drives a {@link TrainingEngine} itself
 * (for example with {@link TrainingEngine#run}), on the same store as {@link AdapterTrainer}:
 * {@code dir/last} holds {@value #WEIGHTS_FILE} (every parameter of the block by {@code StateDict}
 * path, running statistics included), {@value AdapterTrainer#OPTIMIZER_FILE} ({@link
 * AdamW#saveState}), {@code trainer_state.json} (step, batches drawn, skipped updates, seconds,
 * history) and whatever the loop adds ({@link Extra}); each checkpoint is assembled in a temporary
 * sibling and swapped in ({@link dev.sure4j.adapters.io.AtomicFiles#writeDirectory}), so a killed
 * process leaves the previous complete checkpoint. {@code dir} also receives the log files of
 * {@link AdapterTrainer} ({@code train_log.csv}, {@code log.jsonl}).
 *
 * <pre>{@code
 * EngineCheckpoints ckpt = EngineCheckpoints.open(dir, block, "tts", seed, resume);
 * AdamW adamW = AdamW.builder().optBeginNumUpdate((int) ckpt.step()).build();
 * try (TrainingEngine engine = TrainingEngine.builder()...optFirstStep(ckpt.step()).build()) {
 *   ckpt.attach(engine, adamW, d -> {});  // loads the weights and moments when resuming
 *   ... after each update: ckpt.record(step, lr, loss, seconds); ckpt.save(step, drawn, skipped);
 * }
 * }</pre>
 */
public final class EngineCheckpoints {

  /** The weights file inside a checkpoint directory. */
  public static final String WEIGHTS_FILE = "model.safetensors";

  /** The checkpoint directory name inside the run directory. */
  public static final String LAST = CheckpointStore.LAST;

  /** Writes more files into the checkpoint being assembled. */
  @FunctionalInterface
  public interface Extra {
    /**
     * Writes the files.
     *
     * @param dir the temporary checkpoint directory
     * @throws IOException when writing fails
     */
    void write(Path dir) throws IOException;
  }

  private final Path dir;
  private final Block block;
  private final TrainingState state;
  private final TrainingLog log;
  private final Path resumedFrom;
  private CheckpointStore store;

  private EngineCheckpoints(Path dir, Block block, TrainingState state, Path resumedFrom)
      throws IOException {
    this.dir = dir;
    this.block = block;
    this.state = state;
    this.resumedFrom = resumedFrom;
    this.log = new TrainingLog(dir, state.history);
  }

  /**
   * Opens a run directory: a fresh run, or the state of the run's last complete checkpoint. The
   * weights and optimizer moments are read later, by {@link #attach}.
   *
   * @param dir the run directory
   * @param block the block being trained (all of its parameters are saved)
   * @param run the run's name, checked on resume
   * @param seed the run's seed, checked on resume
   * @param resume whether to continue from {@code dir/last}
   * @return the checkpoints
   * @throws IOException when there is no checkpoint to resume, or it is of another run
   */
  public static EngineCheckpoints open(Path dir, Block block, String run, long seed, boolean resume)
      throws IOException {
    checkArgument(dir != null && block != null && run != null, "dir, block and run are required");
    if (!resume) {
      return new EngineCheckpoints(dir, block, RunCheckpoints.fresh(run, seed), null);
    }
    Path from = CheckpointStore.locate(dir.resolve(LAST));
    TrainingState s = TrainingState.read(from);
    if (!run.equals(s.adapter) || s.seed != seed) {
      throw new IllegalArgumentException(
          String.format(
              "checkpoint %s is of run '%s' seed %d, not '%s' seed %d",
              from, s.adapter, s.seed, run, seed));
    }
    return new EngineCheckpoints(dir, block, s, from);
  }

  /**
   * Returns the updates applied before this process (0 for a fresh run).
   *
   * @return the step to continue from
   */
  public long step() {
    return state.step;
  }

  /**
   * Returns the batches the run had drawn from its data when the checkpoint was written, for a loop
   * to replay its random draws.
   *
   * @return the count, 0 for a fresh run
   */
  public long batchesDrawn() {
    return state.batchesInEpoch;
  }

  /**
   * Returns the updates skipped before this process.
   *
   * @return the count
   */
  public long skippedSteps() {
    return state.skippedSteps;
  }

  /**
   * Returns the training seconds before this process.
   *
   * @return the seconds
   */
  public double elapsedSeconds() {
    return state.elapsedSeconds;
  }

  /**
   * Returns the checkpoint this run resumed from, if it resumed.
   *
   * @return the directory read, or null for a fresh run
   */
  public Path resumedFrom() {
    return resumedFrom;
  }

  /**
   * Returns the log rows so far, the resumed ones included.
   *
   * @return an unmodifiable view
   */
  public List<LogRow> history() {
    return List.copyOf(state.history);
  }

  /**
   * Connects the engine: when resuming, checks the optimizer file (into a throwaway optimizer),
   * then reads the weights into the block and the moments into {@code optimizer}, so a damaged
   * checkpoint fails with one line naming its file before anything changes; then deletes the
   * temporary directories of interrupted writes.
   *
   * @param engine the engine over the block, built with {@code optFirstStep(step())}
   * @param optimizer the engine's optimizer, built with {@code optBeginNumUpdate(step())}
   * @param extra writes the loop's own files into every checkpoint
   * @throws IOException when the checkpoint cannot be read or does not fit the block
   */
  public void attach(TrainingEngine engine, AdamW optimizer, Extra extra) throws IOException {
    Map<String, Parameter> trainable = engine.trainable();
    if (resumedFrom != null) {
      Path moments = resumedFrom.resolve(AdapterTrainer.OPTIMIZER_FILE);
      AdamW.builder().build().loadState(trainable, moments);
      ParameterFiles.readExact(
          resumedFrom.resolve(WEIGHTS_FILE), StateDict.of(block, ""), "the block being trained");
      optimizer.loadState(trainable, moments);
    }
    store =
        new CheckpointStore(
            dir,
            (m, a, d) -> ParameterFiles.write(d.resolve(WEIGHTS_FILE), StateDict.of(block, "")),
            d -> {
              optimizer.saveState(trainable, d.resolve(AdapterTrainer.OPTIMIZER_FILE));
              extra.write(d);
            });
    store.deleteLeftovers();
  }

  /**
   * Adds a training-loss line to the history and the log files.
   *
   * @param step the update just applied (1 for the first)
   * @param learningRate its learning rate
   * @param loss its mean loss
   * @param seconds training seconds so far, the resumed ones included
   * @throws IOException when a log file cannot be written
   */
  public void record(long step, double learningRate, double loss, double seconds)
      throws IOException {
    LogRow row = new LogRow(step, 0, learningRate, loss, Map.of(), seconds);
    state.history.add(row);
    log.add(row);
  }

  /**
   * Writes {@code dir/last}.
   *
   * @param step updates applied
   * @param batchesDrawn batches drawn from the data so far
   * @param skipped updates skipped so far
   * @param seconds training seconds so far
   * @return the checkpoint directory
   * @throws IOException when writing fails; the previous checkpoint is then intact
   */
  public Path save(long step, long batchesDrawn, long skipped, double seconds) throws IOException {
    checkState(store != null, "attach the engine before saving");
    state.step = step;
    state.batchesInEpoch = batchesDrawn;
    state.skippedSteps = skipped;
    state.elapsedSeconds = seconds;
    return store.save(LAST, null, state.adapter, state);
  }

  /**
   * Writes the learning curve ({@link LearningCurves#LOSS_PNG}) into the run directory when XChart
   * is on the class path.
   *
   * @return whether the plot was written
   * @throws IOException when it cannot be written
   */
  public boolean writeCurves() throws IOException {
    if (!LearningCurves.available()) {
      return false;
    }
    LearningCurves.write(state.history, dir);
    return true;
  }
}
