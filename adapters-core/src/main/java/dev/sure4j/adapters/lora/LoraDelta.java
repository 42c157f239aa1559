package dev.sure4j.adapters.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;
import dev.sure4j.adapters.inject.LinearDelta;
import dev.sure4j.adapters.inject.WeightInput;
import java.util.Optional;

/**
 * The LoRA update of one linear layer: {@code delta(x) = scaling * dropout(x) A^T B^T} with {@code
 * lora_A [r, in]} drawn from {@code U(-1/sqrt(in), 1/sqrt(in))} (PyTorch's Kaiming-uniform with
 * {@code a = sqrt(5)}, as loralib and PEFT do) and {@code lora_B [out, r]} at zero, so the update
 * starts at zero. With {@link LoraInit#GAUSSIAN}, {@code lora_A} is drawn from {@code N(0,
 * (1/r)^2)}. With a start from the base weight ({@link LoraStart}: PiSSA, OLoRA), {@code lora_A}
 * and {@code lora_B} start at {@code A0}, {@code B0}, and the host's weight holds {@code W -
 * scaling B0 A0} while the update is attached ({@link #attachedTo}, {@link #detachedFrom}).
 *
 * <p>Input {@code [..., in]}, output {@code [..., out]}. {@code r * (in + out)} parameters.
 */
public final class LoraDelta extends LoraWeightDelta implements LinearDelta {

  private final LoraStart start;

  /**
   * Creates the update for a linear layer.
   *
   * @param in the layer's input features
   * @param out the layer's output features
   * @param spec rank, alpha and dropout
   */
  public LoraDelta(int in, int out, LoraSpec spec) {
    this(in, out, spec, null);
  }

  /**
   * Creates the update for a linear layer with a start from its base weight.
   *
   * @param in the layer's input features
   * @param out the layer's output features
   * @param spec rank, alpha, dropout and init
   * @param start {@code A0} and {@code B0} from {@link LoraStart#of}, or null for a random start
   */
  public LoraDelta(int in, int out, LoraSpec spec, LoraStart start) {
    super(
        new LinearLayout(in, out),
        spec,
        start != null
            ? fixed(start.a())
            : spec.init().kind() == LoraInit.Kind.GAUSSIAN
                ? new NormalInitializer(1f / spec.rank())
                : new UniformInitializer((float) (1 / Math.sqrt(in))),
        start != null ? fixed(start.b()) : null);
    this.start = start;
  }

  private static Initializer fixed(float[] values) {
    return (manager, shape, dataType) -> manager.create(values, shape).toType(dataType, false);
  }

  /**
   * Returns the start taken from the base weight.
   *
   * @return {@code A0} and {@code B0}, or empty for a random start
   */
  public Optional<LoraStart> start() {
    return Optional.ofNullable(start);
  }

  /** {@inheritDoc} With a start from the base weight: {@code W -= scaling B0 A0}. */
  @Override
  public void attachedTo(NDArray weight) {
    if (start != null) {
      try (NDArray d = startDelta(weight.getManager())) {
        weight.subi(d);
      }
    }
  }

  /** {@inheritDoc} With a start from the base weight: {@code W += scaling B0 A0}. */
  @Override
  public void detachedFrom(NDArray weight) {
    if (start != null) {
      try (NDArray d = startDelta(weight.getManager())) {
        weight.addi(d);
      }
    }
  }

  private NDArray startDelta(NDManager manager) {
    try (NDManager m = manager.newSubManager()) {
      NDArray a = m.create(start.a(), loraA().getArray().getShape());
      NDArray b = m.create(start.b(), loraB().getArray().getShape());
      NDArray d = b.matMul(a).muli((float) spec().scaling());
      d.attach(manager);
      return d;
    }
  }

  @Override
  public NDArray apply(ParameterStore store, WeightInput input, boolean training) {
    return update(store, input.x(), training);
  }
}
