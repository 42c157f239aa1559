package dev.sure4j.speech.tts.text;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The phoneme front end: IPA from espeak-ng, {@code espeak-ng -q --ipa -v VOICE -- "text"}, run as
 * a process (no shell). espeak-ng prints one line per clause and drops punctuation; the lines are
 * joined with single spaces. Stress ({@code ˈ ˌ}) and length ({@code ː}) marks are kept as symbols
 * of their own.
 */
public final class EspeakPhonemizer implements TextFrontEnd {
  /** The program looked up on the {@code PATH}. */
  public static final String PROGRAM = "espeak-ng";

  private final String voice;

  private EspeakPhonemizer(String voice) {
    this.voice = voice;
  }

  /**
   * Returns a phonemiser when espeak-ng runs here.
   *
   * @param voice the espeak-ng voice, e.g. {@code en-us}
   * @return the phonemiser, or empty when {@value #PROGRAM} is not on the {@code PATH}
   */
  public static Optional<EspeakPhonemizer> find(String voice) {
    checkArgument(voice.matches("[A-Za-z0-9+_-]+"), "not an espeak-ng voice name: '%s'", voice);
    try {
      run(List.of(PROGRAM, "--version"));
      return Optional.of(new EspeakPhonemizer(voice));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Returns the voice.
   *
   * @return the espeak-ng voice name
   */
  public String voice() {
    return voice;
  }

  @Override
  public String name() {
    return "phonemes";
  }

  /**
   * Converts text to IPA.
   *
   * @param text any text
   * @return IPA symbols, single spaces between words
   * @throws UncheckedIOException when espeak-ng fails
   */
  @Override
  public String symbols(String text) {
    try {
      String ipa = run(List.of(PROGRAM, "-q", "--ipa", "-v", voice, "--", text));
      return ipa.strip().replaceAll("\\s+", " ");
    } catch (IOException e) {
      throw new UncheckedIOException("espeak-ng could not phonemise '" + text + "'", e);
    }
  }

  private static String run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String out;
    try (InputStream in = process.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    int exit;
    try {
      exit = process.waitFor();
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command, e);
    }
    if (exit != 0) {
      throw new IOException(command + " exited with " + exit + ": " + out.strip());
    }
    return out;
  }
}
