package dev.sure4j.cli.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.train.AdapterTrainer;
import dev.sure4j.speech.tasks.SpeechSession;
import dev.sure4j.speech.tasks.TaskFiles;
import dev.sure4j.speech.tasks.TaskTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks a {@code ./sure4j train} output directory after its process was killed: every checkpoint
 * and adapter directory in place is complete, the last good checkpoint (in place or kept aside)
 * loads, its optimizer state is finite, and the best checkpoint is the one {@code last} names or a
 * newer one (a kill between the best and the last write).
 */
final class RunDirectoryCheck {

  private final SpeechSession session;
  private final Path taskJson;
  private final Path scratch;
  private int loads;

  /**
   * Creates the check.
   *
   * @param session a session over the backbone the run trains
   * @param taskJson a {@code task.json} of the run's task, for loading checkpoint adapters
   * @param scratch a directory for copies
   */
  RunDirectoryCheck(SpeechSession session, Path taskJson, Path scratch) {
    this.session = session;
    this.taskJson = taskJson;
    this.scratch = scratch;
  }

  /**
   * Checks the directory.
   *
   * @param out the run's {@code --out}
   * @return the step of the last good checkpoint, -1 when none was completed yet
   * @throws IOException when a file cannot be read or does not load
   */
  long check(Path out) throws IOException {
    Path training = out.resolve(TaskTrainer.TRAINING_DIR);
    Path last = training.resolve("last");
    Path best = training.resolve("best");
    for (Path dir : new Path[] {last, best}) {
      if (Files.exists(dir)) {
        assertEquals(Optional.of(dir), AdapterTrainer.findCheckpoint(dir), dir + " is incomplete");
      }
    }
    long step = -1;
    Optional<Path> lastFound = AdapterTrainer.findCheckpoint(last);
    if (lastFound.isPresent()) {
      JsonObject state = checkCheckpoint(lastFound.get());
      step = state.get("step").getAsLong();
      long bestStep = state.get("bestStep").getAsLong();
      if (bestStep >= 0) {
        Optional<Path> bestFound = AdapterTrainer.findCheckpoint(best);
        assertTrue(bestFound.isPresent(), "last names best step " + bestStep + " but no best");
        // best is written before last, so a kill between the two leaves a newer best
        long saved = checkCheckpoint(bestFound.get()).get("step").getAsLong();
        assertTrue(saved >= bestStep, "best holds step " + saved + ", last names " + bestStep);
      }
    }
    Path adapter = out.resolve(TaskTrainer.ADAPTER_DIR);
    Path adapterAside = AtomicFiles.previous(adapter.toAbsolutePath());
    if (Files.exists(adapter)) {
      load(adapter);
    } else if (Files.exists(adapterAside)) {
      load(adapterAside);
    }
    Path metrics = out.resolve(TaskTrainer.METRICS_FILE);
    if (Files.exists(metrics)) {
      JsonParser.parseString(Files.readString(metrics)).getAsJsonObject();
    }
    return step;
  }

  /** Returns how many adapter directories have loaded. */
  int loads() {
    return loads;
  }

  private JsonObject checkCheckpoint(Path dir) throws IOException {
    JsonObject state =
        JsonParser.parseString(Files.readString(dir.resolve("trainer_state.json")))
            .getAsJsonObject();
    try (SafetensorsReader optimizer =
        SafetensorsReader.open(dir.resolve(AdapterTrainer.OPTIMIZER_FILE))) {
      for (String name : optimizer.names()) {
        for (float v : optimizer.readFloats(name)) {
          assertTrue(Float.isFinite(v), dir + ": optimizer tensor " + name + " holds " + v);
        }
      }
    }
    Path copy = scratch.resolve("checkpoint-" + loads);
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(dir.resolve("adapter"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    Files.copy(taskJson, copy.resolve(TaskFiles.FILE_NAME));
    assertTrue(Files.exists(copy.resolve(AdapterFiles.TENSOR_FILE)), dir + " has no weights");
    load(copy);
    AtomicFiles.deleteTree(copy);
    return state;
  }

  private void load(Path adapterDir) throws IOException {
    String name = "check" + loads++;
    session.load(name, adapterDir);
    session.remove(name);
  }
}
