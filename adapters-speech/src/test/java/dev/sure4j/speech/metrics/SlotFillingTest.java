package dev.sure4j.speech.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlotFillingTest {

  private static final double EPS = 1e-12;

  @Test
  void parsesSlotsAndTextInOrder() {
    SlotAnnotation a =
        SlotAnnotation.parseReference(
            "play  B-artist the beatles E-artist on B-service spotify E-service");
    assertEquals(
        List.of(new Slot("artist", "the beatles"), new Slot("service", "spotify")), a.slots());
    assertEquals("play the beatles on spotify", a.text());
  }

  @Test
  void unclosedStrayAndMismatchedTagsFormNoSlot() {
    assertEquals(List.of(), SlotAnnotation.parseReference("B-city paris").slots());
    assertEquals(List.of(), SlotAnnotation.parseReference("paris E-city").slots());
    assertEquals(List.of(), SlotAnnotation.parseReference("B-city paris E-date").slots());
    // The unclosed B-city is skipped; the later date slot is still found.
    assertEquals(
        List.of(new Slot("date", "today")),
        SlotAnnotation.parseReference("B-city paris B-date today E-date").slots());
  }

  @Test
  void nearestClosingTagOfTheSameTypeCloses() {
    assertEquals(
        List.of(new Slot("a", "x"), new Slot("a", "y")),
        SlotAnnotation.parseReference("B-a x E-a B-a y E-a").slots());
  }

  @Test
  void nestedTagsStayInReferenceValueAndAreRemovedFromHypothesisValue() {
    String s = "B-a x B-b y E-b z E-a";
    assertEquals(List.of(new Slot("a", "x B-b y E-b z")), SlotAnnotation.parseReference(s).slots());
    assertEquals(List.of(new Slot("a", "x y z")), SlotAnnotation.parseHypothesis(s).slots());
  }

  @Test
  void slotTypeF1OnHandWorkedCorpus() {
    List<String> refs =
        List.of(
            // types {city, date}
            "weather in B-city paris E-city B-date today E-date",
            // no slots
            "hello there",
            // types {artist}, artist twice
            "play B-artist abba E-artist and B-artist queen E-artist",
            // types {city}
            "B-city rome E-city");
    List<String> hyps =
        List.of(
            // types {city, time}: P = 1/2, R = 1/2, F1 = 1/2
            "weather in B-city paris E-city B-time today E-time",
            // no slots on both sides: F1 = 1
            "hello there",
            // types {artist} (repeats do not count): P = R = 1, F1 = 1
            "play B-artist abba E-artist",
            // empty hypothesis: F1 = 0
            "");
    // mean = (0.5 + 1 + 1 + 0) / 4 = 0.625
    double f1 = SlotFilling.slotTypeF1(refs, hyps);
    System.out.printf("slot-type F1 = %.6f (hand-worked 0.625)%n", f1);
    assertEquals(0.625, f1, EPS);
  }

  @Test
  void slotTypeF1IsZeroWhenOnlyHypothesisHasSlots() {
    assertEquals(0.0, SlotFilling.slotTypeF1(List.of("hello"), List.of("B-a hello E-a")), EPS);
  }

  @Test
  void slotTypeF1WithPartialOverlapOfUnequalSets() {
    // ref {a, b, c}, hyp {a}: P = 1, R = 1/3, F1 = 2 * (1/3) / (4/3) = 1/2
    assertEquals(
        0.5,
        SlotFilling.slotTypeF1(List.of("B-a x E-a B-b y E-b B-c z E-c"), List.of("B-a x E-a")),
        EPS);
  }

  @Test
  void slotValueCerOnHandWorkedCorpus() {
    List<String> refs =
        List.of(
            // city "paris" (5 chars), date "today" (5 chars)
            "weather in B-city paris E-city B-date today E-date",
            // artist "abba" (4), artist "queen" (5)
            "play B-artist abba E-artist and B-artist queen E-artist",
            // no slots: contributes nothing
            "hello there");
    List<String> hyps =
        List.of(
            // city "pari": 1 edit; no date in hypothesis: "" vs "today" = 5 edits;
            // extra type "time" is not scored
            "weather in B-city pari E-city B-time today E-time",
            // candidates for artist: "queen", "abba"; "abba" best for "abba" (0 edits),
            // "queen" best for "queen" (0 edits)
            "play B-artist queen E-artist B-artist abba E-artist",
            "B-city x E-city");
    // total edits = 1 + 5 + 0 + 0 = 6, total reference chars = 5 + 5 + 4 + 5 = 19
    double cer = SlotFilling.slotValueCer(refs, hyps);
    System.out.printf("slot-value CER = %.6f (hand-worked 6/19 = %.6f)%n", cer, 6.0 / 19);
    assertEquals(6.0 / 19, cer, EPS);
  }

  @Test
  void slotValueCerCountsSpacesAndUsesBestCandidate() {
    // ref value "new york" (8 chars incl. the space). Candidates "newyork" (1 edit: deleted space)
    // and "york" (4 edits): best is 1 edit -> 1/8.
    assertEquals(
        1.0 / 8,
        SlotFilling.slotValueCer(
            List.of("to B-city new york E-city"),
            List.of("B-city york E-city to B-city newyork E-city")),
        EPS);
  }

  @Test
  void emptyHypothesisGivesCerOne() {
    // every reference character deleted: 5 / 5
    assertEquals(1.0, SlotFilling.slotValueCer(List.of("B-city paris E-city"), List.of("")), EPS);
  }

  @Test
  void noSlotsInAnyReferenceGivesCerZero() {
    assertEquals(0.0, SlotFilling.slotValueCer(List.of("hello"), List.of("B-a hello E-a")), EPS);
  }

  @Test
  void rejectsMismatchedOrEmptyInput() {
    assertThrows(
        IllegalArgumentException.class, () -> SlotFilling.slotTypeF1(List.of("a"), List.of()));
    assertThrows(
        IllegalArgumentException.class, () -> SlotFilling.slotValueCer(List.of(), List.of()));
  }
}
