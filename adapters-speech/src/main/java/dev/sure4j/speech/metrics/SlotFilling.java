package dev.sure4j.speech.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Slot-filling metrics of SURE and SUPERB over tagged transcripts (see {@link SlotAnnotation} for
 * the tag format and parse rules), with the definitions of {@code s3prl downstream/ctc/metric.py}.
 *
 * <p><b>Slot-type F1</b> is computed per utterance on the <em>sets</em> of slot types (values and
 * repeats ignored) and averaged over utterances: precision = hypothesis types found in the
 * reference / hypothesis types, recall = reference types found in the hypothesis / reference types,
 * F1 = 2PR/(P+R) (0 when P+R = 0). An utterance with no slots on either side scores 1; one with
 * slots on one side only scores 0. Example: reference types {city, date}, hypothesis types {city,
 * time}: P = R = 1/2, F1 = 1/2.
 *
 * <p><b>Slot-value CER</b> pairs every reference slot with the hypothesis value of the same type
 * that has the lowest character error rate against it (the first such value on ties; the empty
 * string when the hypothesis has no slot of that type; hypothesis slots of types absent from the
 * reference are not scored) and returns the corpus-level CER of these pairs: total character edits
 * over total reference value characters (spaces count as characters). Example: reference {@code
 * "B-city paris E-city"} and hypothesis {@code "B-city pari E-city"} give 1 edit / 5 characters =
 * 0.2. When no reference in the corpus has a slot the rate is 0 (see {@link
 * ErrorRate#rateOfUnits}).
 */
public final class SlotFilling {

  private SlotFilling() {}

  /**
   * Slot-type F1 averaged over utterances.
   *
   * @param references tagged reference transcripts
   * @param hypotheses tagged decoded hypotheses, same count
   * @return mean per-utterance slot-type F1 in [0, 1]
   * @throws IllegalArgumentException if the lists are empty or differ in size
   */
  public static double slotTypeF1(List<String> references, List<String> hypotheses) {
    checkSizes(references, hypotheses);
    double sum = 0;
    for (int i = 0; i < references.size(); i++) {
      Set<String> ref = types(SlotAnnotation.parseReference(references.get(i)));
      Set<String> hyp = types(SlotAnnotation.parseHypothesis(hypotheses.get(i)));
      sum += typeF1(ref, hyp);
    }
    return sum / references.size();
  }

  /**
   * Corpus-level character error rate of slot values.
   *
   * @param references tagged reference transcripts
   * @param hypotheses tagged decoded hypotheses, same count
   * @return total value character edits / total reference value characters
   * @throws IllegalArgumentException if the lists are empty or differ in size
   */
  public static double slotValueCer(List<String> references, List<String> hypotheses) {
    checkSizes(references, hypotheses);
    List<List<Integer>> refValues = new ArrayList<>();
    List<List<Integer>> hypValues = new ArrayList<>();
    for (int i = 0; i < references.size(); i++) {
      Map<String, List<String>> hyp = byType(SlotAnnotation.parseHypothesis(hypotheses.get(i)));
      for (Slot slot : SlotAnnotation.parseReference(references.get(i)).slots()) {
        List<Integer> ref = codePoints(slot.value());
        refValues.add(ref);
        hypValues.add(bestMatch(ref, hyp.getOrDefault(slot.type(), List.of())));
      }
    }
    return ErrorRate.rateOfUnits(refValues, hypValues);
  }

  private static double typeF1(Set<String> ref, Set<String> hyp) {
    if (ref.isEmpty() || hyp.isEmpty()) {
      return ref.isEmpty() && hyp.isEmpty() ? 1.0 : 0.0;
    }
    long common = hyp.stream().filter(ref::contains).count();
    double precision = (double) common / hyp.size();
    double recall = (double) common / ref.size();
    return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
  }

  private static List<Integer> bestMatch(List<Integer> ref, List<String> candidates) {
    List<Integer> best = List.of();
    int bestEdits = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      List<Integer> hyp = codePoints(candidate);
      int edits = EditDistance.levenshtein(ref, hyp);
      if (edits < bestEdits) {
        bestEdits = edits;
        best = hyp;
      }
    }
    return best;
  }

  private static Set<String> types(SlotAnnotation annotation) {
    Set<String> types = new LinkedHashSet<>();
    annotation.slots().forEach(s -> types.add(s.type()));
    return types;
  }

  private static Map<String, List<String>> byType(SlotAnnotation annotation) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    annotation
        .slots()
        .forEach(s -> map.computeIfAbsent(s.type(), t -> new ArrayList<>()).add(s.value()));
    return map;
  }

  private static List<Integer> codePoints(String s) {
    return s.codePoints().boxed().toList();
  }

  private static void checkSizes(List<String> references, List<String> hypotheses) {
    checkArgument(!references.isEmpty(), "no utterances to score");
    checkArgument(
        references.size() == hypotheses.size(),
        "%s references but %s hypotheses",
        references.size(),
        hypotheses.size());
  }
}
