package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.speech.tts.EmbeddingTable;

/** The steps every Whisper component repeats: running a child block, reading learned positions. */
final class Blocks {

  private Blocks() {}

  static NDArray run(Block block, ParameterStore store, NDArray x, boolean training) {
    return block.forward(store, new NDList(x), training).singletonOrThrow();
  }

  /** Returns the table's whole weight {@code [rows, D]} for the device of {@code like}. */
  static NDArray table(EmbeddingTable t, ParameterStore store, NDArray like, boolean training) {
    return Ops.value(store, t.weight(), like, training);
  }

  /**
   * Returns positions {@code [from, from + count)} of a learned position table: {@code [count, D]}.
   */
  static NDArray positions(
      EmbeddingTable t,
      ParameterStore store,
      NDArray like,
      long from,
      long count,
      boolean training) {
    NDArray w = table(t, store, like, training);
    long rows = w.getShape().get(0);
    checkArgument(
        from >= 0 && from + count <= rows,
        "positions %s..%s run past the %s positions of the model",
        from,
        from + count - 1,
        rows);
    return Ops.local(w.get(new NDIndex("{}:{}", from, from + count)), like);
  }
}
