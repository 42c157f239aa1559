package dev.sure4j.spark;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.speech.audio.PaddedBatch;
import dev.sure4j.speech.encoder.EncoderOutput;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.heads.Pooling;
import dev.sure4j.speech.tasks.SpeechSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hidden states of a session's backbone, with one of its adapters active (its head is not run) or
 * none: per frame, or mean-pooled over each utterance's real frames.
 */
final class HiddenStates {

  private HiddenStates() {}

  /**
   * Encodes a batch.
   *
   * @param session the executor's session; held for the pass, as its own requests hold it
   * @param adapter the loaded adapter's session name, or null for the bare backbone
   * @param batch waveforms {@code [batch, maxSamples]} with their lengths
   * @param layer 0..L, or -1 for the last hidden state
   * @param pooled mean over real frames ({@code [hidden]} per row) instead of every real frame
   *     ({@code [frames, hidden]} per row)
   * @return one cell per utterance, in batch order: {@link OutputRows#POOLED} or {@link
   *     OutputRows#FRAMES}
   */
  static List<Object> encode(
      SpeechSession session, String adapter, PaddedBatch batch, int layer, boolean pooled) {
    synchronized (session) {
      AdapterModel model = session.model();
      if (adapter == null) {
        model.setActiveAdapters();
      } else {
        model.setActiveAdapters(adapter);
      }
      SpeechEncoder encoder = (SpeechEncoder) model.base();
      int layers = encoder.config().numHiddenLayers();
      checkArgument(layer >= -1 && layer <= layers, "layer %s is outside -1..%s", layer, layers);
      try (NDManager scope = NDManager.newBaseManager()) {
        NDArray waves = scope.create(batch.flat(), new Shape(batch.batchSize(), batch.maxLength()));
        long[] lengths = Arrays.stream(batch.lengths()).asLongStream().toArray();
        EncoderOutput out = encoder.encode(waves, lengths);
        NDArray h = layer < 0 ? out.lastHiddenState() : out.hiddenStates().get(layer);
        int frames = (int) h.getShape().get(1);
        int hidden = (int) h.getShape().get(2);
        List<Object> cells = new ArrayList<>();
        if (pooled) {
          float[] flat = Pooling.MEAN.apply(h, out.frameMask()).toFloatArray();
          for (int b = 0; b < batch.batchSize(); b++) {
            cells.add(OutputRows.pooled(Arrays.copyOfRange(flat, b * hidden, (b + 1) * hidden)));
          }
          return cells;
        }
        float[] flat = h.toFloatArray();
        long[] real = out.frameLengths();
        for (int b = 0; b < batch.batchSize(); b++) {
          float[][] rows = new float[(int) real[b]][];
          for (int t = 0; t < rows.length; t++) {
            int from = (b * frames + t) * hidden;
            rows[t] = Arrays.copyOfRange(flat, from, from + hidden);
          }
          cells.add(OutputRows.frames(rows));
        }
        return cells;
      }
    }
  }
}
