package dev.sure4j.speech.pretrain;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.speech.encoder.EncoderConfig;
import java.util.List;
import java.util.Random;

/**
 * One masked-prediction batch: the model inputs (waveforms {@code [B, S]} zero-padded, lengths
 * {@code [B]} int64, frame mask {@code [B, T]} float32) and the labels (units {@code [B, T]} int32,
 * zero on padded frames, and the same frame mask).
 *
 * @param data the model inputs
 * @param labels the loss labels
 */
public record UnitBatch(NDList data, NDList labels) {

  /**
   * Builds a batch, drawing the masks from {@code rng}.
   *
   * @param manager owner of the arrays
   * @param utterances the utterances
   * @param config the encoder geometry (frames per utterance)
   * @param masker the span masker
   * @param rng random source of the masks
   * @return the batch
   * @throws IllegalArgumentException when an utterance's units do not match its frame count
   */
  public static UnitBatch of(
      NDManager manager,
      List<UnitUtterance> utterances,
      EncoderConfig config,
      SpanMasker masker,
      Random rng) {
    int b = utterances.size();
    checkArgument(b > 0, "empty batch");
    int samples = utterances.stream().mapToInt(u -> u.wave().length).max().orElseThrow();
    int frames = Math.toIntExact(config.frames(samples));
    float[] waves = new float[b * samples];
    long[] lengths = new long[b];
    long[] valid = new long[b];
    int[] units = new int[b * frames];
    for (int i = 0; i < b; i++) {
      UnitUtterance u = utterances.get(i);
      System.arraycopy(u.wave(), 0, waves, i * samples, u.wave().length);
      lengths[i] = u.wave().length;
      valid[i] = config.frames(u.wave().length);
      checkArgument(
          valid[i] == u.units().length,
          "%s: %s units for %s encoder frames (%s samples)",
          u.id(),
          u.units().length,
          valid[i],
          u.wave().length);
      System.arraycopy(u.units(), 0, units, i * frames, u.units().length);
    }
    boolean[][] m = masker.mask(valid, frames, rng);
    float[] mask = new float[b * frames];
    for (int i = 0; i < b; i++) {
      for (int t = 0; t < frames; t++) {
        mask[i * frames + t] = m[i][t] ? 1f : 0f;
      }
    }
    NDArray maskArray = manager.create(mask, new Shape(b, frames));
    NDList data =
        new NDList(
            manager.create(waves, new Shape(b, samples)), manager.create(lengths), maskArray);
    NDList labels = new NDList(manager.create(units, new Shape(b, frames)), maskArray);
    return new UnitBatch(data, labels);
  }
}
