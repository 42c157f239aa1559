package dev.sure4j.speech.synthesis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.Resampler;

/**
 * Log-mel spectrograms on libtorch (through DJL), equal to torchaudio's {@code MelSpectrogram}
 * followed by {@code log(clamp(x, min=floor))} for the settings of a {@link MelConfig}.
 *
 * <p>The STFT, magnitude, filterbank product and log run as NDArray operations; only the centre
 * reflect padding is done in Java (see {@link Stft}). Instances are immutable and thread-safe.
 */
public final class MelSpectrogram {
  private final MelConfig config;
  private final float[] window;
  private final float[] filters;

  private MelSpectrogram(MelConfig config) {
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
  public static MelSpectrogram of(MelConfig config) {
    return new MelSpectrogram(config);
  }

  /**
   * Returns the settings.
   *
   * @return the configuration
   */
  public MelConfig config() {
    return config;
  }

  /**
   * Computes the log-mel spectrograms of a padded batch. Every waveform gets the frames it would
   * get alone ({@link MelConfig#frames(int)} of its length); the frames after them hold {@code
   * log(logFloor)}.
   *
   * @param waves float32 samples [batch, samples] at {@link MelConfig#sampleRate()}, padded after
   *     each waveform's length
   * @param lengths valid samples per waveform, each in ({@code nFft / 2}, samples]
   * @return float32 log-mel [batch, nMels, frames] in the manager of {@code waves}, {@code frames =
   *     config.frames(samples)}
   */
  public NDArray logMel(NDArray waves, int[] lengths) {
    Shape shape = waves.getShape();
    Preconditions.checkArgument(
        shape.dimension() == 2, "waves must be [batch, samples], got %s", shape);
    int batch = Math.toIntExact(shape.get(0));
    int samples = Math.toIntExact(shape.get(1));
    Preconditions.checkArgument(
        lengths.length == batch, "%s lengths for a batch of %s", lengths.length, batch);
    NDManager parent = waves.getManager();
    try (NDManager scope = parent.newSubManager()) {
      NDArray mel =
          mel(scope, waves.toFloatArray(), samples, lengths)
              .clip(config.logFloor(), Float.MAX_VALUE)
              .log();
      int frames = Math.toIntExact(mel.getShape().get(2));
      boolean[] valid = new boolean[batch * frames];
      for (int b = 0; b < batch; b++) {
        int n = config.frames(lengths[b]);
        for (int t = 0; t < n; t++) {
          valid[b * frames + t] = true;
        }
      }
      Shape full = mel.getShape();
      NDArray mask = scope.create(valid, new Shape(batch, 1, frames)).broadcast(full);
      NDArray floor = scope.full(full, (float) Math.log(config.logFloor()));
      NDArray out = NDArrays.where(mask, mel, floor).toType(DataType.FLOAT32, false);
      out.attach(parent);
      return out;
    }
  }

  /**
   * Computes the mel spectrogram before the log: the filterbank applied to {@code |STFT|^power}.
   *
   * @param manager the manager of the result
   * @param waves samples [batch * samples], row-major
   * @param samples the row length of {@code waves}
   * @param lengths valid samples per row
   * @return float32 mel [batch, nMels, frames], {@code frames = config.frames(samples)}
   */
  private NDArray mel(NDManager manager, float[] waves, int samples, int[] lengths) {
    float[] padded = Stft.reflectPad(waves, samples, lengths, config.nFft() / 2);
    NDArray spectrum =
        Stft.complex(manager, padded, lengths.length, window, config.hopLength()).abs();
    if (config.power() != 1.0) {
      spectrum = spectrum.pow(config.power());
    }
    NDArray w = manager.create(filters, new Shape(config.nMels(), config.frequencyBins()));
    return w.matMul(spectrum);
  }

  /**
   * Computes the mel spectrogram of one waveform before the log, as torchaudio's {@code
   * MelSpectrogram} returns it; {@link MelConfig#logFloor()} is not applied.
   *
   * @param manager the manager of the result
   * @param wave samples [samples] at {@link MelConfig#sampleRate()}, more than {@code nFft / 2}
   * @return float32 mel [nMels, frames] in {@code manager}, {@code frames = config.frames(samples)}
   */
  public NDArray mel(NDManager manager, float[] wave) {
    return mel(manager, wave, wave.length, new int[] {wave.length}).get(0);
  }

  /**
   * Computes the log-mel spectrogram of one waveform.
   *
   * @param manager the manager for the intermediate arrays (closed before returning)
   * @param wave samples [samples] at {@link MelConfig#sampleRate()}, more than {@code nFft / 2}
   * @return log-mel [nMels * frames] in C order of [nMels, frames], {@code frames =
   *     config.frames(samples)}
   */
  public float[] logMel(NDManager manager, float[] wave) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray waves = scope.create(wave, new Shape(1, wave.length));
      return logMel(waves, new int[] {wave.length}).toFloatArray();
    }
  }

  /**
   * Turns a clip into the waveform the features expect: downmixed to mono and resampled to {@link
   * MelConfig#sampleRate()} with the torchaudio-parity {@link Resampler}.
   *
   * @param clip any clip
   * @return samples [samples] at the configured rate
   */
  public float[] prepare(AudioClip clip) {
    AudioClip mono = clip.toMono();
    float[] wave = mono.channel(0);
    if (mono.sampleRate() == config.sampleRate()) {
      return wave;
    }
    return Resampler.of(mono.sampleRate(), config.sampleRate()).resample(wave);
  }
}
