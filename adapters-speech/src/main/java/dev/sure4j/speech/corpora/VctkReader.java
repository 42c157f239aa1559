package dev.sure4j.speech.corpora;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the VCTK corpus for speaker identification ({@code sid}, {@code label} = speaker).
 *
 * <p>Layouts: VCTK 0.92, {@code <root>/wav48_silence_trimmed/<speaker>/<speaker>_<nnn>_mic1.flac}
 * (microphone configurable), or the older release, {@code
 * <root>/wav48/<speaker>/<speaker>_<nnn>.wav} (used when {@code wav48_silence_trimmed} is absent).
 * Transcripts are not read.
 *
 * <p>Split rule, per speaker: the speaker's files sorted by name, {@code n} of them; {@code v = t =
 * floor(n / 10)}; the first {@code n - v - t} are train, the next {@code v} validation, the last
 * {@code t} test (the SURE 80/10/10 per-speaker proportions; the reference code took the files in
 * unsorted directory order, so its exact partition cannot be reproduced). By default the speakers
 * {@code p280}, {@code p315} and {@code s5} are left out, which leaves the 107 speakers of the SURE
 * code; speakers without a matching file are left out too. Fields: {@code label}, {@code speaker},
 * {@code utterance} ({@code nnn}).
 */
public final class VctkReader extends AbstractCorpusReader {

  /** The speakers SURE leaves out of VCTK 0.92 (107 speakers remain). */
  public static final Set<String> SURE_EXCLUDED = ImmutableSet.of("p280", "p315", "s5");

  private static final String NAME = "vctk";
  private static final Set<String> TASKS = ImmutableSet.of("sid");
  private static final String LAYOUT =
      "<root>/wav48_silence_trimmed/<speaker>/<speaker>_<nnn>_<mic>.flac (VCTK 0.92) or"
          + " <root>/wav48/<speaker>/<speaker>_<nnn>.wav (VCTK 0.80)";

  private final String mic;
  private final Set<String> excluded;

  private VctkReader(Builder b) {
    super(NAME, TASKS, LAYOUT);
    this.mic = b.mic;
    this.excluded = b.excluded;
  }

  /**
   * Returns a reader with the SURE settings: microphone 1, speakers p280, p315 and s5 left out.
   *
   * @return the reader
   */
  public static VctkReader standard() {
    return builder().build();
  }

  /**
   * Returns a builder.
   *
   * @return a builder with the SURE settings
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  void readInto(Path root, String task, SplitsBuilder out) throws IOException {
    Path trimmed = root.resolve("wav48_silence_trimmed");
    boolean v092 = Files.isDirectory(trimmed);
    Path audio = v092 ? trimmed : requireDirectory(root.resolve("wav48"), "audio folder");
    for (Path dir : Layouts.subdirectories(audio)) {
      String speaker = dir.getFileName().toString();
      if (excluded.contains(speaker)) {
        continue;
      }
      Pattern name =
          Pattern.compile(
              Pattern.quote(speaker)
                  + "_(\\d+)"
                  + (v092 ? "_" + Pattern.quote(mic) + "\\.flac" : "\\.wav"));
      List<Path> files = new ArrayList<>();
      List<String> utterances = new ArrayList<>();
      for (Path p : Layouts.files(dir, v092 ? ".flac" : ".wav")) {
        Matcher m = name.matcher(p.getFileName().toString());
        if (m.matches()) {
          files.add(p);
          utterances.add(m.group(1));
        }
      }
      int n = files.size();
      int held = n / 10;
      for (int i = 0; i < n; i++) {
        Split split = i < n - 2 * held ? Split.TRAIN : i < n - held ? Split.VAL : Split.TEST;
        Map<String, String> f = new LinkedHashMap<>();
        f.put("label", speaker);
        f.put("speaker", speaker);
        f.put("utterance", utterances.get(i));
        out.addFound(split, files.get(i), f);
      }
    }
  }

  /** Builds a {@link VctkReader}. */
  public static final class Builder {
    private String mic = "mic1";
    private Set<String> excluded = SURE_EXCLUDED;

    private Builder() {}

    /**
     * Sets the microphone of VCTK 0.92 (default {@code mic1}; ignored for the older layout).
     *
     * @param mic {@code mic1} or {@code mic2}
     * @return this builder
     */
    public Builder optMic(String mic) {
      this.mic = mic;
      return this;
    }

    /**
     * Sets the speakers to leave out (default {@link #SURE_EXCLUDED}; empty to keep all).
     *
     * @param excluded speaker folder names
     * @return this builder
     */
    public Builder optExcludedSpeakers(Set<String> excluded) {
      this.excluded = ImmutableSet.copyOf(excluded);
      return this;
    }

    /**
     * Builds the reader.
     *
     * @return the reader
     * @throws IllegalArgumentException for a microphone other than mic1 or mic2
     */
    public VctkReader build() {
      checkArgument(
          "mic1".equals(mic) || "mic2".equals(mic), "%s: mic must be mic1 or mic2: %s", NAME, mic);
      return new VctkReader(this);
    }
  }
}
