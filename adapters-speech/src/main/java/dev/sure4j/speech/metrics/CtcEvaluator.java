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
 * ids {@code [batch, maxLength]} and target lengths {@code [batch]}.
 *
 * <p>Metrics follow the vocabulary's kind ({@link #metricNames}), the first being the one a task
 * follows by default: characters report {@code wer} and {@code cer}; tokens (phonemes) report
 * {@code per} ({@link ErrorRate#per}), {@code wer} and {@code cer}; characters with slot tags
 * report {@code slot_type_f1} and {@code slot_value_cer} ({@link SlotFilling}), then {@code wer}
 * and {@code cer} of the text with the tags removed ({@link SlotAnnotation#text()}). Error rates
 * are {@code >= 0} (above 1 when the hypotheses insert more than the references hold).
 */
public final class CtcEvaluator implements Evaluator {

  private static final Map<Vocabulary.Kind, List<String>> METRICS =
      Map.of(
          Vocabulary.Kind.CHARACTERS, List.of("wer", "cer"),
          Vocabulary.Kind.TOKENS, List.of("per", "wer", "cer"),
          Vocabulary.Kind.CHARACTER_SLOTS, List.of("slot_type_f1", "slot_value_cer", "wer", "cer"));

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

  /**
   * Returns the metrics reported for a vocabulary kind, the default one first.
   *
   * @param kind the vocabulary's kind
   * @return {@code [wer, cer]}, {@code [per, wer, cer]} or {@code [slot_type_f1, slot_value_cer,
   *     wer, cer]}
   */
  public static List<String> metricNames(Vocabulary.Kind kind) {
    return METRICS.get(kind);
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
    List<String> refs = references;
    List<String> hyps = hypotheses;
    switch (vocabulary.kind()) {
      case TOKENS -> out.put("per", ErrorRate.per(refs, hyps));
      case CHARACTER_SLOTS -> {
        out.put("slot_type_f1", SlotFilling.slotTypeF1(refs, hyps));
        out.put("slot_value_cer", SlotFilling.slotValueCer(refs, hyps));
        refs = refs.stream().map(r -> SlotAnnotation.parseReference(r).text()).toList();
        hyps = hyps.stream().map(h -> SlotAnnotation.parseHypothesis(h).text()).toList();
      }
      case CHARACTERS -> {
        // wer and cer only
      }
    }
    out.put("wer", ErrorRate.wer(refs, hyps));
    out.put("cer", ErrorRate.cer(refs, hyps));
    return out;
  }
}
