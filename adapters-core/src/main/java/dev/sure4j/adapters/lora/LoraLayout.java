package dev.sure4j.adapters.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import dev.sure4j.adapters.nn.Parameters;

/**
 * Where the LoRA factors {@code lora_A} and {@code lora_B} act: their shapes, the host's own
 * operation, the factors' operation and their product as a host weight, for a linear layer ({@link
 * LinearLayout}) or a 1-d convolution ({@link ConvLayout}). {@link LoraDelta}, {@link
 * LoraConvDelta} and the DoRA updates ({@link DoraWeightDelta}) share it, so each mechanism is
 * written once.
 */
sealed interface LoraLayout permits LinearLayout, ConvLayout {

  /**
   * Returns the number of output features or channels.
   *
   * @return {@code out}
   */
  int out();

  /**
   * Returns the number of groups.
   *
   * @return 1 but for a grouped convolution
   */
  default int groups() {
    return 1;
  }

  /**
   * Returns the shape of {@code lora_A}.
   *
   * @param rank the rank {@code r}
   * @return {@code [r, in]} or {@code [r, in, kernel]}
   */
  Shape aShape(int rank);

  /**
   * Returns the shape of {@code lora_B}.
   *
   * @param rank the rank {@code r}
   * @return {@code [out, r]} or {@code [out, r / groups, 1]}
   */
  Shape bShape(int rank);

  /**
   * Returns the half-width of PyTorch's Kaiming-uniform start ({@code a = sqrt(5)}) of {@code
   * lora_A}.
   *
   * @return {@code 1 / sqrt(fan_in)}
   */
  float aBound();

  /**
   * Applies the host's operation without its bias.
   *
   * @param x the input, {@code [..., in]} or {@code [batch, in, time]}
   * @param weight the host weight
   * @return {@code [..., out]} or {@code [batch, out, outTime]}
   */
  NDArray host(NDArray x, NDArray weight);

  /**
   * Applies {@code lora_B(lora_A(x))}, unscaled.
   *
   * @param x the input, shaped as for {@link #host}
   * @param a the value of {@code lora_A}
   * @param b the value of {@code lora_B}
   * @return shaped as the host output
   */
  NDArray lora(NDArray x, NDArray a, NDArray b);

  /**
   * Returns PEFT's {@code get_lora_weight}: {@code B.view(-1, r) A.view(r, -1)}, unscaled, shaped
   * as the host weight.
   *
   * @param a the value of {@code lora_A}
   * @param b the value of {@code lora_B}
   * @param rank the rank {@code r}
   * @return {@code [out, in]} or {@code [out, in / groups, kernel]}, a new array the caller closes
   */
  NDArray product(NDArray a, NDArray b, int rank);

  /**
   * Removes the host's bias from its output.
   *
   * @param output the host output
   * @param bias the host bias {@code [out]}
   * @param manager the manager of the result
   * @return {@code output - bias}, broadcast over the output channels
   */
  NDArray withoutBias(NDArray output, NDArray bias, NDManager manager);

  /**
   * Returns the axes of the host weight that a per-output norm sums over.
   *
   * @return {@code {1}} or {@code {1, 2}}
   */
  int[] normAxes();

  /**
   * Returns the shape PEFT gives the DoRA magnitude.
   *
   * @return {@code [out]} or {@code [1, out, 1]}
   */
  Shape magnitudeShape();

  /**
   * Returns the shape of a per-output factor that broadcasts over the host weight.
   *
   * @return {@code [out, 1]} or {@code [out, 1, 1]}
   */
  Shape factorShape();

  /**
   * Returns the output shape for an input shape.
   *
   * @param input {@code [..., in]} or {@code [batch, in, time]}
   * @return {@code [..., out]} or {@code [batch, out, outTime]}
   */
  Shape outputShape(Shape input);

  /**
   * Tells whether the update folds into the host weight.
   *
   * @return false for a grouped convolution, as in PEFT
   */
  boolean mergeable();

  /**
   * Creates {@code lora_A} with an initialiser.
   *
   * @param rank the rank {@code r}
   * @param init its start
   * @return the parameter {@code lora_A.weight}, {@link #aShape}
   */
  default Parameter newA(int rank, Initializer init) {
    return Parameters.of("lora_A.weight", Parameter.Type.WEIGHT, aShape(rank), init);
  }

  /**
   * Creates {@code lora_A} with PyTorch's Kaiming-uniform start.
   *
   * @param rank the rank {@code r}
   * @return the parameter {@code lora_A.weight}, {@link #aShape}
   */
  default Parameter newA(int rank) {
    return newA(rank, new UniformInitializer(aBound()));
  }

  /**
   * Creates {@code lora_B}, starting at zero unless an initialiser is given.
   *
   * @param rank the rank {@code r}
   * @param init its start, or null for zeros
   * @return the parameter {@code lora_B.weight}, {@link #bShape}
   */
  default Parameter newB(int rank, Initializer init) {
    return Parameters.of(
        "lora_B.weight",
        Parameter.Type.WEIGHT,
        bShape(rank),
        init == null ? Initializer.ZEROS : init);
  }
}
