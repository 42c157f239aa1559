package dev.sure4j.speech.tts.train;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.gson.JsonObject;
import dev.sure4j.adapters.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * The pace an adaptation speaks at, kept in its directory as {@value #FILE}: {@code
 * {"durationScale": s}}, the factor the adapted model's predicted durations are multiplied by
 * before rounding ({@link DurationCalibration} fits it on the training utterances). An adaptation
 * without the file speaks at the model's own pace (scale 1).
 */
public final class PaceFile {

  /** The file name inside an adaptation directory. */
  public static final String FILE = "pace.json";

  private static final String FIELD = "durationScale";

  private PaceFile() {}

  /**
   * Writes the pace to {@value #FILE} in a directory, atomically ({@link AtomicFiles}).
   *
   * @param dir the directory
   * @param durationScale the scale, finite and {@code > 0}
   * @throws IOException when writing fails; an old file is then unchanged
   */
  public static void write(Path dir, double durationScale) throws IOException {
    checkScale(durationScale);
    JsonObject o = new JsonObject();
    o.addProperty(FIELD, durationScale);
    AtomicFiles.writeString(dir.resolve(FILE), o + "\n");
  }

  /**
   * Reads {@value #FILE} from a directory.
   *
   * @param dir the directory
   * @return the duration scale, or empty when the directory has no such file
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a JSON object with {@code durationScale} a
   *     finite number {@code > 0} (the message names the file)
   */
  public static OptionalDouble read(Path dir) throws IOException {
    return NumberFields.read(dir.resolve(FILE), "a pace", v -> checkScale(v[0]), FIELD)
        .map(OptionalDouble::of)
        .orElse(OptionalDouble.empty());
  }

  private static double checkScale(double s) {
    checkArgument(Double.isFinite(s) && s > 0, "durationScale must be finite and > 0: %s", s);
    return s;
  }
}
