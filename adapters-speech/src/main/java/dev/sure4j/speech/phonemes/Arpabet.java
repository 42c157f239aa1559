package dev.sure4j.speech.phonemes;

import java.util.List;
import java.util.Set;

/**
 * The 39 ARPAbet phones of CMUdict without stress marks (15 vowels, 24 consonants), the phone set
 * SUPERB's phoneme recognition is scored on. In CMUdict a vowel carries a stress digit ({@code 0}
 * none, {@code 1} primary, {@code 2} secondary): 15 vowels at 3 stress levels plus 24 consonants
 * make CMUdict's 69 symbols, 71 with the {@code SIL} and {@code SPN} of SURE's phone set.
 */
public final class Arpabet {

  /** The 39 phones, sorted. */
  public static final List<String> PHONES =
      List.of(
          "AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G",
          "HH", "IH", "IY", "JH", "K", "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T",
          "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH");

  private static final Set<String> SET = Set.copyOf(PHONES);

  private Arpabet() {}

  /**
   * Removes a trailing stress digit.
   *
   * @param phone a CMUdict phone, for example {@code AH0}
   * @return the phone without its stress digit, for example {@code AH}
   */
  public static String stripStress(String phone) {
    int n = phone.length();
    return n > 1 && phone.charAt(n - 1) >= '0' && phone.charAt(n - 1) <= '2'
        ? phone.substring(0, n - 1)
        : phone;
  }

  /**
   * Says whether a phone, stress digit removed, is one of the 39.
   *
   * @param phone a phone with or without stress digit
   * @return true for {@code AH}, {@code AH1}, {@code B}; false for {@code XX} or {@code B1}
   */
  public static boolean isPhone(String phone) {
    String base = stripStress(phone);
    boolean stressed = !base.equals(phone);
    return SET.contains(base) && (!stressed || isVowel(base));
  }

  private static boolean isVowel(String base) {
    return "AEIOU".indexOf(base.charAt(0)) >= 0;
  }
}
