package dev.sure4j.speech.tts.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.speech.tts.data.FeatureStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The pitch and energy statistics an adaptation trained with ({@link AdaptationStats#VOICE}), kept
 * in its directory as {@value #FILE}: the four fields of {@link FeatureStats} ({@code pitchMean}
 * and {@code pitchStd} in {@code ln Hz}, {@code energyMean} and {@code energyStd} in STFT magnitude
 * units), as in the {@code stats} of a model's {@code tts_config.json}.
 */
public final class VoiceStatsFile {

  /** The file name inside an adaptation directory. */
  public static final String FILE = "voice_stats.json";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private static final String[] FIELDS = {"pitchMean", "pitchStd", "energyMean", "energyStd"};

  private VoiceStatsFile() {}

  /**
   * Writes the statistics to {@value #FILE} in a directory, atomically ({@link AtomicFiles}).
   *
   * @param dir the directory
   * @param stats the statistics
   * @throws IOException when writing fails; an old file is then unchanged
   */
  public static void write(Path dir, FeatureStats stats) throws IOException {
    AtomicFiles.writeString(dir.resolve(FILE), GSON.toJson(stats) + "\n");
  }

  /**
   * Reads {@value #FILE} from a directory.
   *
   * @param dir the directory
   * @return the statistics, or empty when the directory has no such file (an adaptation that kept
   *     the base model's)
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a JSON object with the four fields as finite
   *     numbers and positive deviations (the message names the file)
   */
  public static Optional<FeatureStats> read(Path dir) throws IOException {
    return NumberFields.read(
        dir.resolve(FILE),
        "voice statistics",
        v -> new FeatureStats(v[0], v[1], v[2], v[3]),
        FIELDS);
  }
}
