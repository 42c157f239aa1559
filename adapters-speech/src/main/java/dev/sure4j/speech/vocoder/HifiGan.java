package dev.sure4j.speech.vocoder;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A HiFi-GAN vocoder ready to run: a generator with its weights, turning log-mel spectrograms into
 * waveforms.
 *
 * <p>A vocoder directory holds the official {@code config.json} ({@link HifiGanConfig}) and {@code
 * generator.safetensors}, the generator's state dict under the official key names, weight-normed
 * ({@code weight_g}/{@code weight_v}) or folded ({@code weight}).
 */
public final class HifiGan {

  /** The config file in a vocoder directory. */
  public static final String CONFIG = "config.json";

  /** The weights file in a vocoder directory. */
  public static final String WEIGHTS = "generator.safetensors";

  private final HifiGanGenerator generator;
  private final NDManager manager;

  private HifiGan(HifiGanGenerator generator, NDManager manager) {
    this.generator = generator;
    this.manager = manager;
  }

  /**
   * Loads a vocoder directory.
   *
   * @param dir a directory with {@code config.json} and {@code generator.safetensors}
   * @param manager the manager that owns the parameters
   * @return the vocoder, in float32
   * @throws IllegalArgumentException when the config or the weights are invalid; the message names
   *     the file, the key or tensor, and the shapes
   * @throws UncheckedIOException when a file cannot be read
   */
  public static HifiGan load(Path dir, NDManager manager) {
    HifiGan vocoder = initialise(HifiGanConfig.fromFile(dir.resolve(CONFIG)), manager);
    HifiGanWeights.load(vocoder.generator, dir.resolve(WEIGHTS));
    return vocoder;
  }

  /**
   * Creates a vocoder with random weights ({@code N(0, 0.01)} for the transposed convolutions,
   * PyTorch's default for the others), for tests and speed measurements.
   *
   * @param config the geometry
   * @param manager the manager that owns the parameters
   * @return the vocoder, in float32
   */
  public static HifiGan initialise(HifiGanConfig config, NDManager manager) {
    HifiGanGenerator g = new HifiGanGenerator(config);
    g.initialize(manager, DataType.FLOAT32, new Shape(1, config.numMels(), 1));
    return new HifiGan(g, manager);
  }

  /**
   * Returns the geometry.
   *
   * @return the config
   */
  public HifiGanConfig config() {
    return generator.config();
  }

  /**
   * Returns the generator block, whose parameter paths are the official state-dict keys.
   *
   * @return the block
   */
  public HifiGanGenerator generator() {
    return generator;
  }

  /**
   * Turns log-mel spectrograms into waveforms. Intermediate arrays are freed before returning.
   *
   * @param logMel natural-log mel magnitudes {@code [batch, num_mels, frames]}, float32
   * @return the waveforms {@code [batch, frames * hop]} in {@code [-1, 1]} at the config's sampling
   *     rate, attached to the input's manager
   * @throws IllegalArgumentException when the input is not {@code [batch, num_mels, frames]}
   */
  public NDArray vocode(NDArray logMel) {
    Shape s = logMel.getShape();
    checkArgument(
        s.dimension() == 3 && s.get(1) == config().numMels() && s.get(2) > 0,
        "log-mel must be [batch, %s, frames]: %s",
        config().numMels(),
        s);
    NDManager owner = logMel.getManager();
    try (NDManager scope = owner.newSubManager()) {
      logMel.tempAttach(scope);
      NDArray wave =
          generator
              .forward(new ParameterStore(manager, false), new NDList(logMel), false)
              .singletonOrThrow();
      wave.attach(owner);
      return wave;
    }
  }
}
