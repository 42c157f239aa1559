package dev.sure4j.speech.tts.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.speech.tts.FastSpeechLoss;
import dev.sure4j.speech.tts.align.ForwardSumLoss;
import java.util.function.Consumer;

/**
 * The TTS training loss: FastSpeech 2's total ({@link FastSpeechLoss}: mel L1 before and after the
 * postnet, MSE of log durations, pitch and energy) plus {@code alignWeight} times the forward-sum
 * alignment loss ({@link ForwardSumLoss#radTts()}) of the alignment encoder.
 *
 * <p>Labels: the mel targets {@code [batch, M, bins]}. Predictions: a {@link TtsPass}. Every
 * evaluation reports its parts to a listener, as numbers ({@link TtsLossParts}).
 */
public final class TtsLoss extends Loss {

  private final float alignWeight;
  private final ForwardSumLoss forwardSum = ForwardSumLoss.radTts();
  private final Consumer<TtsLossParts> parts;

  /**
   * Creates the loss.
   *
   * @param alignWeight the weight of the forward-sum loss, &gt;= 0 (NeMo FastPitch: 1); at 0 it is
   *     not computed (an adaptation with a frozen aligner)
   * @param parts receives the parts of every evaluation
   */
  public TtsLoss(float alignWeight, Consumer<TtsLossParts> parts) {
    super("TtsLoss");
    checkArgument(alignWeight >= 0, "alignment loss weight must be >= 0: %s", alignWeight);
    this.alignWeight = alignWeight;
    this.parts = parts;
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    TtsPass pass = TtsPass.of(predictions);
    FastSpeechLoss fs =
        FastSpeechLoss.of(pass.targets(), pass.tokenMask(), pass.output(), labels.head());
    NDArray total = fs.total();
    float alignValue = Float.NaN;
    if (alignWeight > 0) {
      NDArray align =
          forwardSum.compute(pass.alignment(), pass.tokenLengths(), pass.frameLengths());
      alignValue = align.getFloat();
      total = total.add(Ops.times(align, alignWeight));
    }
    parts.accept(
        new TtsLossParts(
            fs.mel().getFloat(),
            fs.postnetMel().getFloat(),
            fs.duration().getFloat(),
            fs.pitch().getFloat(),
            fs.energy().getFloat(),
            alignValue));
    return total;
  }
}
