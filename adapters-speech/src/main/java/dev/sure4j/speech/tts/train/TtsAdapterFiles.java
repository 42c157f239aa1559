package dev.sure4j.speech.tts.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.nn.Parameter;
import dev.sure4j.adapters.AdapterModel;
import dev.sure4j.adapters.io.AdapterFiles;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.ParameterFiles;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.nn.StateDict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A TTS adaptation's directory: for an adapter method the usual adapter files ({@link
 * AdapterFiles}: {@code adapter_config.json} with provenance and {@code
 * adapter_model.safetensors}), for {@link TtsMethod#SPEAKER} the speaker table alone ({@value
 * #SPEAKER_FILE}). Both are written atomically and read back with every name and shape checked.
 */
public final class TtsAdapterFiles {

  /** The adapter name under which a TTS adaptation is attached. */
  public static final String ADAPTER = "voice";

  /** The speaker-table file of {@link TtsMethod#SPEAKER}. */
  public static final String SPEAKER_FILE = "speaker_emb.safetensors";

  private TtsAdapterFiles() {}

  /**
   * Saves an adaptation.
   *
   * @param dir the directory
   * @param method the method trained
   * @param block the model
   * @param adapters the wrapped model holding adapter {@value #ADAPTER}, for adapter methods
   * @param provenance the base model, data and seed
   * @throws IOException when writing fails; the directory is then unchanged
   */
  public static void save(
      Path dir,
      TtsMethod method,
      TtsTrainingBlock block,
      AdapterModel adapters,
      Provenance provenance)
      throws IOException {
    checkArgument(
        method != TtsMethod.BASE, "base training saves a model directory, not an adapter");
    if (method == TtsMethod.SPEAKER) {
      AtomicFiles.writeDirectory(
          dir, tmp -> ParameterFiles.write(tmp.resolve(SPEAKER_FILE), speakerTable(block)));
    } else {
      AdapterFiles.save(adapters, ADAPTER, dir, provenance);
    }
  }

  /**
   * Loads an adaptation into a model: the speaker table, or adapter {@value #ADAPTER}, attached and
   * active.
   *
   * @param dir the directory written by {@link #save}
   * @param block the base model
   * @return what was loaded: {@code speaker table} or the adapter's method
   * @throws IOException when a file is missing or does not fit the model
   */
  public static String load(Path dir, TtsTrainingBlock block) throws IOException {
    if (Files.isRegularFile(dir.resolve(SPEAKER_FILE))) {
      ParameterFiles.readExact(dir.resolve(SPEAKER_FILE), speakerTable(block), "the speaker table");
      return "speaker table";
    }
    AdapterModel adapters = AdapterModel.wrap(block.model());
    String method = AdapterFiles.load(adapters, dir, ADAPTER).spec().getClass().getSimpleName();
    adapters.setActiveAdapters(ADAPTER);
    return method;
  }

  private static Map<String, Parameter> speakerTable(TtsTrainingBlock block) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    StateDict.of(block.model(), "")
        .forEach(
            (k, p) -> {
              if (k.startsWith("speaker_emb.")) {
                out.put(k, p);
              }
            });
    return out;
  }
}
