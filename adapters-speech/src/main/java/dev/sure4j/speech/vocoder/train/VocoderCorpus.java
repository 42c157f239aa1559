package dev.sure4j.speech.vocoder.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.speech.audio.AudioLoader;
import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.synthesis.MelSpectrogram;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * The recordings a vocoder trains on, in memory: each waveform at the mel front end's rate (zero
 * padded to at least one segment) and its log-mel from the project's one front end ({@link
 * MelSpectrogram}, centred frames: frame {@code t} is centred on sample {@code t * hop}, as the TTS
 * model's frames are). A training example is a random segment that starts on a frame: {@code
 * segment} samples from {@code f * hop} and the {@code segment / hop} frames from {@code f}.
 */
public final class VocoderCorpus {

  private final MelConfig mel;
  private final List<float[]> waves;
  private final List<float[]> logMels;

  private VocoderCorpus(MelConfig mel, List<float[]> waves, List<float[]> logMels) {
    this.mel = mel;
    this.waves = waves;
    this.logMels = logMels;
  }

  /**
   * Loads recordings and computes their log-mels.
   *
   * @param files the audio files, any format {@link AudioLoader#standard()} reads
   * @param mel the features of the vocoder's input
   * @param segment samples per training segment, a multiple of the hop
   * @param manager a manager for the intermediate arrays
   * @return the corpus
   * @throws IOException when a file cannot be read
   * @throws IllegalArgumentException when there is no file or the segment is not a multiple of the
   *     hop
   */
  public static VocoderCorpus load(List<Path> files, MelConfig mel, int segment, NDManager manager)
      throws IOException {
    checkArgument(!files.isEmpty(), "no recordings to train the vocoder on");
    checkArgument(
        segment > 0 && segment % mel.hopLength() == 0,
        "segment %s must be a positive multiple of the hop %s",
        segment,
        mel.hopLength());
    MelSpectrogram front = MelSpectrogram.of(mel);
    List<float[]> waves = new ArrayList<>();
    List<float[]> logMels = new ArrayList<>();
    for (Path f : files) {
      float[] w = front.prepare(AudioLoader.standard().load(f));
      if (w.length < segment) {
        w = Arrays.copyOf(w, segment);
      }
      waves.add(w);
      logMels.add(front.logMel(manager, w));
    }
    return new VocoderCorpus(mel, waves, logMels);
  }

  /**
   * Returns the number of recordings.
   *
   * @return the count
   */
  public int size() {
    return waves.size();
  }

  /**
   * Draws a batch of random segments: recordings uniformly with replacement, start frames
   * uniformly.
   *
   * @param random the source of the draws
   * @param batch segments
   * @param segment samples per segment, a multiple of the hop
   * @param manager the manager of the arrays
   * @return log-mel {@code [batch, nMels, segment / hop]} and waveforms {@code [batch, 1, segment]}
   */
  public Segments draw(RandomGenerator random, int batch, int segment, NDManager manager) {
    int hop = mel.hopLength();
    int frames = segment / hop;
    int nMels = mel.nMels();
    float[] m = new float[batch * nMels * frames];
    float[] w = new float[batch * segment];
    for (int b = 0; b < batch; b++) {
      int u = random.nextInt(waves.size());
      float[] wave = waves.get(u);
      float[] logMel = logMels.get(u);
      int total = logMel.length / nMels;
      int start = random.nextInt(Math.max(1, (wave.length - segment) / hop + 1));
      System.arraycopy(wave, start * hop, w, b * segment, segment);
      for (int c = 0; c < nMels; c++) {
        System.arraycopy(logMel, c * total + start, m, (b * nMels + c) * frames, frames);
      }
    }
    return new Segments(
        manager.create(m, new Shape(batch, nMels, frames)),
        manager.create(w, new Shape(batch, 1, segment)));
  }

  /**
   * Returns the random source of one update, the same for a run and its resumption.
   *
   * @param seed the run's seed
   * @param step the update, from 1
   * @return a fresh generator
   */
  static Random randomFor(long seed, long step) {
    return new Random(seed * 1_000_003L + step);
  }

  /**
   * A batch of training segments.
   *
   * @param mel log-mel {@code [batch, nMels, frames]}
   * @param wave waveforms {@code [batch, 1, frames * hop]}
   */
  public record Segments(NDArray mel, NDArray wave) {}
}
