package dev.sure4j.speech.tts;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Embedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.adapters.nn.Parameters;

/**
 * A lookup table with PyTorch's {@code nn.Embedding} parameter {@code weight [rows, D]},
 * initialised {@code N(0, 1)}.
 *
 * <p>Input: integer indices of any shape {@code [...]}; output {@code [..., D]}.
 */
public final class EmbeddingTable extends NamedBlock {

  private static final byte VERSION = 1;

  private final int rows;
  private final int dim;
  private final Parameter weight;

  /**
   * Creates a table.
   *
   * @param rows the number of entries
   * @param dim the embedding size {@code D}
   */
  public EmbeddingTable(int rows, int dim) {
    super(VERSION);
    checkArgument(rows > 0 && dim > 0, "embedding sizes must be > 0: rows=%s dim=%s", rows, dim);
    this.rows = rows;
    this.dim = dim;
    weight =
        addParameter(
            Parameters.of(
                "weight", Parameter.Type.WEIGHT, new Shape(rows, dim), new NormalInitializer(1)));
  }

  /**
   * Returns the table parameter (for an output projection tied to it, or learned positions).
   *
   * @return {@code weight [rows, D]}
   */
  public Parameter weight() {
    return weight;
  }

  /**
   * Returns the number of entries.
   *
   * @return rows
   */
  int rows() {
    return rows;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray idx = inputs.singletonOrThrow();
    NDArray w = Ops.value(store, weight, idx, training);
    return Embedding.embedding(idx.toType(DataType.INT64, false), w, SparseFormat.DENSE);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(dim)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children
  }
}
