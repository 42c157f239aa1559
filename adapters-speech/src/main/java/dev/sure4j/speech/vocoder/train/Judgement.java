package dev.sure4j.speech.vocoder.train;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * What one sub-discriminator says about a batch of waveforms: its flattened score and the output of
 * every layer (after the leaky ReLU; the last one is the score before flattening), as the reference
 * {@code DiscriminatorP.forward} and {@code DiscriminatorS.forward} return them.
 *
 * @param score the score {@code [batch, n]}
 * @param featureMaps the layer outputs, {@code [batch, channels, frames(, period)]} each
 */
public record Judgement(NDArray score, List<NDArray> featureMaps) {

  /** Copies the list. */
  public Judgement {
    featureMaps = List.copyOf(featureMaps);
  }
}
