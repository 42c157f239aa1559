package dev.sure4j.speech.tts.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.ParameterFiles;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.speech.tts.text.TextEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A trained TTS model directory: {@value #CONFIG} ({@link TtsModelConfig}), {@value #WEIGHTS} (the
 * acoustic model's parameters under their {@code StateDict} names, batch-norm running statistics
 * included), {@value #ALIGNER} (the alignment encoder) and {@code vocab.json} ({@link
 * TextEncoder}). The directory is written to a temporary sibling and swapped in, so a failed save
 * leaves the old one; a load checks every tensor name and shape before it returns.
 */
public final class TtsModelFiles {

  /** The configuration file. */
  public static final String CONFIG = "tts_config.json";

  /** The acoustic model's tensors. */
  public static final String WEIGHTS = "model.safetensors";

  /** The alignment encoder's tensors. */
  public static final String ALIGNER = "aligner.safetensors";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private TtsModelFiles() {}

  /**
   * A loaded model directory.
   *
   * @param config its configuration
   * @param block the model and aligner
   * @param text the text encoder
   */
  public record Loaded(TtsModelConfig config, TtsTrainingBlock block, TextEncoder text) {}

  /**
   * Saves a model directory atomically (created, or replaced as a whole).
   *
   * @param dir the directory
   * @param config the configuration
   * @param block the model and aligner, without adapters
   * @param text the text encoder
   * @throws IOException when writing fails; {@code dir} is then unchanged
   */
  public static void save(Path dir, TtsModelConfig config, TtsTrainingBlock block, TextEncoder text)
      throws IOException {
    AtomicFiles.writeDirectory(
        dir,
        tmp -> {
          Files.writeString(
              tmp.resolve(CONFIG), GSON.toJson(config) + "\n", StandardCharsets.UTF_8);
          ParameterFiles.write(tmp.resolve(WEIGHTS), StateDict.of(block.model(), ""));
          ParameterFiles.write(tmp.resolve(ALIGNER), StateDict.of(block.aligner(), ""));
          text.save(tmp);
        });
  }

  /**
   * Reads a model directory.
   *
   * @param dir the directory
   * @param manager where the parameters live
   * @return the model, aligner, configuration and text encoder
   * @throws IOException when a file is missing, malformed or does not fit (the message names it)
   */
  public static Loaded load(Path dir, NDManager manager) throws IOException {
    Path configFile = dir.resolve(CONFIG);
    checkArgument(
        Files.isRegularFile(configFile),
        "%s is not a TTS model directory: %s is missing",
        dir,
        CONFIG);
    TtsModelConfig config =
        GSON.fromJson(Files.readString(configFile, StandardCharsets.UTF_8), TtsModelConfig.class);
    TextEncoder text = TextEncoder.load(dir, config.textFrontEnd());
    checkArgument(
        text.vocabulary().size() <= config.model().vocabSize(),
        "%s: vocab.json has %s symbols but the model's table %s",
        dir,
        text.vocabulary().size(),
        config.model().vocabSize());
    TtsTrainingBlock block =
        TtsTrainingBlock.create(manager, config.model(), config.alignerWidth());
    ParameterFiles.readExact(
        dir.resolve(WEIGHTS), StateDict.of(block.model(), ""), "the model of " + CONFIG);
    ParameterFiles.readExact(
        dir.resolve(ALIGNER), StateDict.of(block.aligner(), ""), "the aligner of " + CONFIG);
    return new Loaded(config, block, text);
  }
}
