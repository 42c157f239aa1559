package dev.sure4j.speech.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;

/**
 * Corpus-level error rates: total edits over total reference units (not a mean of per-utterance
 * rates), as jiwer and the SUPERB/SURE scripts compute WER.
 *
 * <p>Units: WER uses whitespace-separated words; CER uses characters, spaces between words included
 * (runs of whitespace count as one space, leading and trailing whitespace ignored); PER uses
 * whitespace-separated phoneme symbols. When the whole reference side is empty the rate is 0 if the
 * hypotheses are empty too, and {@code +infinity} otherwise.
 */
public final class ErrorRate {

  private ErrorRate() {}

  /**
   * Word error rate.
   *
   * @param references reference transcripts
   * @param hypotheses hypotheses, same count
   * @return total word edits / total reference words
   */
  public static double wer(List<String> references, List<String> hypotheses) {
    return rate(references, hypotheses, false);
  }

  /**
   * Character error rate.
   *
   * @param references reference transcripts
   * @param hypotheses hypotheses, same count
   * @return total character edits / total reference characters
   */
  public static double cer(List<String> references, List<String> hypotheses) {
    return rate(references, hypotheses, true);
  }

  /**
   * Phoneme error rate over space-separated phoneme strings (e.g. {@code "HH AH0 L OW1"}).
   *
   * @param references reference phoneme strings
   * @param hypotheses hypothesis phoneme strings, same count
   * @return total phoneme edits / total reference phonemes
   */
  public static double per(List<String> references, List<String> hypotheses) {
    return rate(references, hypotheses, false);
  }

  /**
   * Corpus-level rate over pre-split unit sequences.
   *
   * @param references reference unit sequences
   * @param hypotheses hypothesis unit sequences, same count
   * @param <T> the unit type
   * @return total edits / total reference units
   */
  public static <T> double rateOfUnits(List<List<T>> references, List<List<T>> hypotheses) {
    checkArgument(
        references.size() == hypotheses.size(),
        "%s references but %s hypotheses",
        references.size(),
        hypotheses.size());
    long edits = 0;
    long units = 0;
    for (int i = 0; i < references.size(); i++) {
      edits += EditDistance.levenshtein(references.get(i), hypotheses.get(i));
      units += references.get(i).size();
    }
    if (units == 0) {
      return edits == 0 ? 0.0 : Double.POSITIVE_INFINITY;
    }
    return (double) edits / units;
  }

  private static double rate(List<String> references, List<String> hypotheses, boolean chars) {
    List<List<String>> r = new ArrayList<>();
    List<List<String>> h = new ArrayList<>();
    references.forEach(s -> r.add(units(s, chars)));
    hypotheses.forEach(s -> h.add(units(s, chars)));
    return rateOfUnits(r, h);
  }

  static List<String> units(String text, boolean chars) {
    String norm = text.trim().replaceAll("\\s+", " ");
    List<String> out = new ArrayList<>();
    if (norm.isEmpty()) {
      return out;
    }
    if (chars) {
      norm.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
    } else {
      out.addAll(List.of(norm.split(" ")));
    }
    return out;
  }
}
