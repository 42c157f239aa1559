package dev.sure4j.speech.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import com.google.common.collect.ImmutableList;
import dev.sure4j.adapters.train.Evaluator;
import dev.sure4j.speech.ctc.CtcGreedyDecoder;
import dev.sure4j.speech.ctc.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a CTC head by greedy decoding: word and character error rates over every utterance since
 * the last {@link #reset()} (total edits over total reference units, as {@link ErrorRate}).
 *
 * <p>Predictions: log-probabilities {@code [batch, frames, vocabulary]}, then optionally the valid
 * frames {@code [batch]} (as {@link dev.sure4j.speech.heads.CtcHead} returns them). Labels: target
 * ids {@code [batch, maxLength]} and target lengths {@code [batch]}. Metrics: {@code wer} and
 * {@code cer}, each {@code >= 0} (above 1 when the hypotheses insert more than the references
 * hold).
 */
public final class CtcEvaluator implements Evaluator {

  private final Vocabulary vocabulary;
  private final CtcGreedyDecoder decoder;
  private final List<String> references = new ArrayList<>();
  private final List<String> hypotheses = new ArrayList<>();

  /**
   * Creates an evaluator.
   *
   * @param vocabulary the vocabulary of the head's outputs; its blank is the CTC blank
   */
  public CtcEvaluator(Vocabulary vocabulary) {
    checkArgument(vocabulary != null, "vocabulary must not be null");
    this.vocabulary = vocabulary;
    this.decoder = new CtcGreedyDecoder(vocabulary.blankId());
  }

  @Override
  public void reset() {
    references.clear();
    hypotheses.clear();
  }

  @Override
  public void update(NDList predictions, NDList labels) {
    checkArgument(labels.size() == 2, "CTC labels must be [targets, targetLengths]");
    NDArray scores = predictions.get(0);
    long[] frames = predictions.size() > 1 ? predictions.get(1).toLongArray() : null;
    List<int[]> decoded = decoder.decode(scores, frames);
    NDArray targets = labels.get(0).toType(DataType.INT64, false);
    long[] lengths = labels.get(1).toType(DataType.INT64, false).toLongArray();
    int width = (int) targets.getShape().get(1);
    long[] flat = targets.toLongArray();
    checkArgument(
        decoded.size() == lengths.length,
        "%s decoded utterances for %s references",
        decoded.size(),
        lengths.length);
    for (int i = 0; i < lengths.length; i++) {
      int[] ref =
          Arrays.stream(flat, i * width, i * width + (int) lengths[i])
              .mapToInt(v -> (int) v)
              .toArray();
      references.add(vocabulary.decode(ref));
      hypotheses.add(vocabulary.decode(decoded.get(i)));
    }
  }

  /**
   * Returns the references and hypotheses since the last reset, as decoded text.
   *
   * @return pairs {@code [reference, hypothesis]} in batch order
   */
  public List<String[]> transcripts() {
    ImmutableList.Builder<String[]> out = ImmutableList.builder();
    for (int i = 0; i < references.size(); i++) {
      out.add(new String[] {references.get(i), hypotheses.get(i)});
    }
    return out.build();
  }

  @Override
  public Map<String, Double> metrics() {
    Map<String, Double> out = new LinkedHashMap<>();
    if (references.isEmpty()) {
      return out;
    }
    out.put("wer", ErrorRate.wer(references, hypotheses));
    out.put("cer", ErrorRate.cer(references, hypotheses));
    return out;
  }
}
