package dev.sure4j.speech.djl;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import java.util.Arrays;

/**
 * Batches waveforms of different lengths as {@code Wav2Vec2FeatureExtractor(padding=True)} does:
 * each waveform is followed by the padding value up to the longest one, and the true lengths go
 * beside them so the encoder masks the padding.
 *
 * <p>Each input is {@code [waveform [1, samples] float32, lengths [1] int64]} (what {@link
 * SpeechTranslator#processInput} returns); the batch is {@code [waveforms [batch, maxSamples],
 * lengths [batch]]}. {@link #unbatchify} splits every output along its first axis and keeps that
 * axis (each part is a batch of one).
 */
public final class PaddingBatchifier implements Batchifier {

  private static final long serialVersionUID = 1L;

  private final float paddingValue;

  /**
   * Creates the batchifier.
   *
   * @param paddingValue the value of padded samples (the preprocessor config's {@code
   *     padding_value})
   */
  public PaddingBatchifier(float paddingValue) {
    this.paddingValue = paddingValue;
  }

  @Override
  public NDList batchify(NDList[] inputs) {
    checkArgument(inputs.length > 0, "no inputs to batch");
    long max = 0;
    for (NDList in : inputs) {
      checkArgument(
          in.size() == 2
              && in.get(0).getShape().dimension() == 2
              && in.get(0).getShape().get(0) == 1,
          "an input must be a waveform [1, samples] and its length [1], not %s",
          Arrays.toString(in.getShapes()));
      max = Math.max(max, in.get(0).getShape().get(1));
    }
    NDList waves = new NDList();
    NDList lengths = new NDList();
    for (NDList in : inputs) {
      NDArray w = in.get(0);
      long pad = max - w.getShape().get(1);
      waves.add(pad == 0 ? w : w.concat(w.getManager().full(new Shape(1, pad), paddingValue), 1));
      lengths.add(in.get(1));
    }
    return new NDList(NDArrays.concat(waves, 0), NDArrays.concat(lengths, 0));
  }

  @Override
  public NDList[] unbatchify(NDList outputs) {
    if (outputs.isEmpty()) {
      return new NDList[0];
    }
    int batch = Math.toIntExact(outputs.head().size(0));
    NDList[] items = new NDList[batch];
    for (int i = 0; i < batch; i++) {
      items[i] = new NDList();
    }
    for (NDArray out : outputs) {
      NDList parts = out.split(batch);
      for (int i = 0; i < batch; i++) {
        items[i].add(parts.get(i));
      }
    }
    return items;
  }
}
