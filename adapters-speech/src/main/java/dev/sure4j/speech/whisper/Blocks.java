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
    return local(w.get(new NDIndex("{}:{}", from, from + count)), like);
  }

  /**
   * Moves a view of a long-lived array (a parameter, a decoder cache) to the manager of {@code
   * like}, the current pass's. An operation whose first operand is the long-lived array puts its
   * result in that array's manager; a view kept there pins the whole storage it looks at (an old,
   * already replaced cache array at every decoding step) until that manager closes.
   *
   * @param view a view or result made from a long-lived array
   * @param like an array of the current pass
   * @return {@code view}, now freed with {@code like}'s manager
   */
  static NDArray local(NDArray view, NDArray like) {
    view.attach(like.getManager());
    return view;
  }
}
