package dev.sure4j.speech.synthesis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import dev.sure4j.adapters.nn.Ops;

/**
 * The log-mel spectrogram of {@link MelSpectrogram} with every step on libtorch, the centre reflect
 * padding included, so that gradients flow back to the waveform (the mel loss of a vocoder). The
 * values equal {@link MelSpectrogram#logMel(NDArray, int[])} for full-length rows: torchaudio's
 * {@code MelSpectrogram} ({@code center=True}, reflect padding) and {@code log(clamp(x,
 * min=floor))}. Immutable and thread-safe.
 */
public final class TrainableMel {

  private final MelConfig config;
  private final float[] window;
  private final float[] filters;

  private TrainableMel(MelConfig config) {
    this.config = config;
    this.window = Stft.window(config.winLength(), config.nFft());
    this.filters = MelFilterbank.flatten(MelFilterbank.matrix(config));
  }

  /**
   * Creates the transform.
   *
   * @param config the features
   * @return the transform
   */
  public static TrainableMel of(MelConfig config) {
    return new TrainableMel(config);
  }

  /**
   * Computes the log-mel spectrograms of a batch of full-length waveforms, differentiably.
   *
   * @param waves float32 samples {@code [batch, samples]}, {@code samples > nFft / 2}
   * @return float32 log-mel {@code [batch, nMels, frames]}, {@code frames =
   *     config.frames(samples)}, in the manager of {@code waves}
   * @throws IllegalArgumentException when the waveforms are not {@code [batch, samples]} or too
   *     short for the reflect padding
   */
  public NDArray logMel(NDArray waves) {
    Shape s = waves.getShape();
    int pad = config.nFft() / 2;
    Preconditions.checkArgument(
        s.dimension() == 2 && s.get(1) > pad,
        "waves must be [batch, samples] with more than %s samples, got %s",
        pad,
        s);
    long n = s.get(1);
    NDArray left = waves.get(new NDIndex(":, 1:{}", pad + 1)).flip(1);
    NDArray right = waves.get(new NDIndex(":, {}:{}", n - 1 - pad, n - 1)).flip(1);
    NDArray padded = NDArrays.concat(new NDList(left, waves, right), 1);
    NDArray w = waves.getManager().create(window);
    NDArray spectrum = padded.stft(config.nFft(), config.hopLength(), false, w, false, true).abs();
    if (config.power() != 1.0) {
      spectrum = spectrum.pow(config.power());
    }
    NDArray fb =
        waves.getManager().create(filters, new Shape(config.nMels(), config.frequencyBins()));
    return Ops.atLeast(fb.matMul(spectrum), (float) config.logFloor()).log();
  }
}
