package dev.sure4j.speech.tasks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.speech.audio.PaddedBatch;

/** Turns a padded batch of waveforms into the backbone's inputs. */
final class WaveformInputs {

  private WaveformInputs() {}

  /**
   * Creates the backbone's inputs in a scope.
   *
   * @param scope the manager that owns the arrays
   * @param batch the waveforms with their lengths
   * @return the waveforms, float32 [batch, maxSamples], and their lengths in samples, int64 [batch]
   */
  static NDList of(NDManager scope, PaddedBatch batch) {
    NDArray waves = scope.create(batch.flat(), new Shape(batch.batchSize(), batch.maxLength()));
    long[] lengths = new long[batch.batchSize()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = batch.lengths()[i];
    }
    return new NDList(waves, scope.create(lengths).toType(DataType.INT64, false));
  }
}
