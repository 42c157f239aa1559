package dev.sure4j.speech.tts.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.train.EngineCheckpoints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where and how often a TTS run writes its resumable checkpoints ({@link EngineCheckpoints}: every
 * parameter of the model and aligner, the AdamW moments, the step, the batches drawn, the loss
 * history, and {@value #PARTS_FILE}, the loss parts of every update).
 *
 * <p>The run directory is a sibling of the model or adaptation directory ({@link #dirFor}), which
 * is swapped in as a whole when it is written and so cannot hold the checkpoints.
 *
 * @param dir the run directory ({@code dir/last}, {@code train_log.csv}, {@code loss.png})
 * @param every write a checkpoint every this many updates, &gt; 0 (and after the last one)
 * @param resume continue from {@code dir/last} instead of starting afresh
 */
public record TtsCheckpoints(Path dir, int every, boolean resume) {

  /** The loss parts of every update (one CSV line each) inside a checkpoint. */
  public static final String PARTS_FILE = "loss_parts.csv";

  private static final String HEADER = "mel,postnet_mel,duration,pitch,energy,align";

  /** Validates the values. */
  public TtsCheckpoints {
    checkArgument(dir != null, "checkpoint directory is required");
    checkArgument(every > 0, "checkpoint interval must be > 0: %s", every);
  }

  /**
   * Returns the run directory of a model or adaptation directory: {@code <out>.training} beside it.
   *
   * @param out the model or adaptation directory
   * @return the sibling run directory
   */
  public static Path dirFor(Path out) {
    Path abs = out.toAbsolutePath().normalize();
    return abs.resolveSibling(abs.getFileName() + ".training");
  }

  static void writeParts(List<TtsLossParts> parts, Path dir) throws IOException {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    for (TtsLossParts p : parts) {
      b.append(p.mel()).append(',').append(p.postnetMel()).append(',').append(p.duration());
      b.append(',').append(p.pitch()).append(',').append(p.energy()).append(',');
      b.append(p.align()).append('\n');
    }
    Files.writeString(dir.resolve(PARTS_FILE), b, StandardCharsets.UTF_8);
  }

  static List<TtsLossParts> readParts(Path dir) throws IOException {
    Path file = dir.resolve(PARTS_FILE);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IOException(file + ": expected the header " + HEADER);
    }
    List<TtsLossParts> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",", -1);
      try {
        if (f.length != 6) {
          throw new NumberFormatException(f.length + " fields, expected 6");
        }
        out.add(
            new TtsLossParts(
                Float.parseFloat(f[0]),
                Float.parseFloat(f[1]),
                Float.parseFloat(f[2]),
                Float.parseFloat(f[3]),
                Float.parseFloat(f[4]),
                Float.parseFloat(f[5])));
      } catch (NumberFormatException e) {
        throw new IOException(file + ": line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return out;
  }
}
