package dev.sure4j.speech.whisper;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.common.collect.ImmutableSet;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.model.AdapterModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * One Whisper model with named LoRA adapters beside it, for a server: each request names an adapter
 * (or {@link #BASE} for none), which is made active for that transcription only. Requests run one
 * at a time (the active adapter is the model's state); greedy decoding with the directory's
 * generation rules.
 */
public final class WhisperSession implements AutoCloseable {

  /** The name that transcribes with no adapter active. */
  public static final String BASE = "base";

  private final NDManager manager;
  private final AdapterModel model;
  private final WhisperTranscriber transcriber;
  private volatile Set<String> names;

  private WhisperSession(
      NDManager manager, AdapterModel model, WhisperTranscriber transcriber, Set<String> names) {
    this.manager = manager;
    this.model = model;
    this.transcriber = transcriber;
    this.names = names;
  }

  /**
   * Loads a Whisper directory and its adapters.
   *
   * @param dir the Whisper directory (weights, {@code generation_config.json}, tokenizer files)
   * @param adapters adapter name to a PEFT or sure4j LoRA directory; {@value #BASE} is reserved
   * @param device where the model runs
   * @param maxNewTokens tokens generated at most per 30 s window
   * @return the session; close it to free the model
   * @throws IOException when an adapter cannot be read
   * @throws IllegalArgumentException naming the file, key or tensor that does not fit
   */
  public static WhisperSession open(
      Path dir, Map<String, Path> adapters, Device device, int maxNewTokens) throws IOException {
    checkArgument(!adapters.containsKey(BASE), "the adapter name '%s' is reserved", BASE);
    NDManager manager = NDManager.newBaseManager(device);
    try {
      WhisperModel whisper = WhisperModel.load(dir, manager);
      AdapterModel model = withAdapters(whisper, adapters);
      WhisperGenerationConfig rules =
          WhisperGenerationConfig.fromFile(dir.resolve(WhisperModel.GENERATION_CONFIG));
      WhisperTranscriber transcriber =
          WhisperTranscriber.builder()
              .setDecoding(new WhisperGreedyDecoder(whisper, rules))
              .setTokenizer(WhisperTokenizer.fromDirectory(dir))
              .optMaxNewTokens(maxNewTokens)
              .build();
      Set<String> names =
          ImmutableSet.<String>builder().add(BASE).addAll(adapters.keySet()).build();
      return new WhisperSession(manager, model, transcriber, names);
    } catch (IOException | RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * Wraps a model and loads adapters on it, none active.
   *
   * @param whisper the loaded model
   * @param adapters adapter name to a PEFT or sure4j LoRA directory
   * @return the model with its adapters
   * @throws IOException when an adapter cannot be read; the model is then without it
   */
  public static AdapterModel withAdapters(WhisperModel whisper, Map<String, Path> adapters)
      throws IOException {
    AdapterModel model = AdapterModel.wrap(whisper);
    for (Map.Entry<String, Path> a : adapters.entrySet()) {
      AdapterFiles.load(model, a.getValue(), a.getKey());
    }
    return model;
  }

  /**
   * Loads one more adapter beside the others (an executor that receives adapters one at a time).
   *
   * @param name a new adapter name, not {@value #BASE}
   * @param dir a PEFT or sure4j adapter directory
   * @throws IOException when the adapter cannot be read; the session is then unchanged
   * @throws IllegalArgumentException for a taken name, or an adapter that does not fit the model
   */
  public synchronized void load(String name, Path dir) throws IOException {
    checkArgument(!names.contains(name), "the adapter name '%s' is taken: %s", name, names);
    AdapterFiles.load(model, dir, name);
    names = ImmutableSet.<String>builder().addAll(names).add(name).build();
  }

  /**
   * Returns the names requests may use.
   *
   * @return {@value #BASE}, then the adapters in the given order
   */
  public Set<String> names() {
    return names;
  }

  /**
   * Transcribes one waveform with one adapter active.
   *
   * @param name an adapter of {@link #names()}
   * @param wave 16 kHz mono samples (from {@link WhisperFeatures#pipeline}), more than 200
   * @return the transcript
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public synchronized WhisperTranscript transcribe(String name, float[] wave) {
    checkArgument(names.contains(name), "no adapter '%s' is loaded; loaded: %s", name, names);
    if (name.equals(BASE)) {
      model.setActiveAdapters();
    } else {
      model.setActiveAdapters(name);
    }
    return transcriber.transcribe(manager, wave);
  }

  @Override
  public synchronized void close() {
    manager.close();
  }
}
