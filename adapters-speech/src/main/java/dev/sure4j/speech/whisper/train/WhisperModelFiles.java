package dev.sure4j.speech.whisper.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.ParameterFiles;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.speech.whisper.WhisperConfig;
import dev.sure4j.speech.whisper.WhisperModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Whole Whisper model directories written by sure4j: a freshly initialised model to pre-train from
 * scratch ({@link #writeInitial}) and a trained one ({@link #save}), both in Hugging Face's layout
 * ({@code model.safetensors} with {@code model.encoder.*} and {@code model.decoder.*} names,
 * float32, the output projection tied to {@code model.decoder.embed_tokens} and not stored) next to
 * the template's {@code config.json}, tokenizer, generation and preprocessor files.
 */
public final class WhisperModelFiles {

  /** The weight file written. */
  public static final String WEIGHTS = "model.safetensors";

  /** Weight files of a template that are not copied. */
  private static final Set<String> NOT_COPIED = Set.of(WEIGHTS, "pytorch_model.bin");

  /** Hugging Face's {@code init_std} for the token and decoder position embeddings. */
  private static final float EMBEDDING_STD = 0.02f;

  private WhisperModelFiles() {}

  /**
   * Writes a randomly initialised model: the template's files but its weights, and weights as
   * Hugging Face initialises a {@code WhisperForConditionalGeneration} where it matters for
   * training from scratch: token and decoder position embeddings {@code N(0, 0.02)}, encoder
   * positions the fixed sinusoids of openai-whisper's {@code sinusoids(length, channels)}; linear
   * and convolution weights keep DJL's default initialisation, biases zero and layer norms one.
   *
   * @param template a directory with {@code config.json} and the tokenizer files; its weights, if
   *     any, are ignored
   * @param target the directory to write (replaced atomically)
   * @param seed the random seed of the initial weights
   * @throws IOException when a file cannot be read or written
   * @throws IllegalArgumentException when the template has no {@code config.json}
   */
  public static void writeInitial(Path template, Path target, long seed) throws IOException {
    Path configFile = template.resolve("config.json");
    checkArgument(Files.isRegularFile(configFile), "%s: no config.json", template);
    WhisperConfig config = WhisperConfig.fromFile(configFile);
    try (NDManager manager = NDManager.newBaseManager()) {
      manager.getEngine().setRandomSeed((int) (seed & 0x7fffffff));
      WhisperModel model = new WhisperModel(config);
      model.initialize(manager, DataType.FLOAT32, model.inputShapes(1, 1));
      Map<String, Parameter> params = StateDict.of(model, "");
      scale(params.get("model.decoder.embed_tokens.weight"));
      scale(params.get("model.decoder.embed_positions.weight"));
      NDArray positions = params.get("model.encoder.embed_positions.weight").getArray();
      positions.set(sinusoids(config.maxSourcePositions(), config.dModel()));
      save(model, template, target);
    }
  }

  /**
   * Writes a model's parameters as they are, with the template's other files, as a Hugging Face
   * directory that {@link WhisperModel#load} reads back.
   *
   * @param model the model (after full fine-tuning, its trained weights; adapters are not merged)
   * @param template the directory whose {@code config.json}, tokenizer, generation and preprocessor
   *     files are copied
   * @param target the directory to write (replaced atomically)
   * @throws IOException when a file cannot be read or written
   */
  public static void save(WhisperModel model, Path template, Path target) throws IOException {
    AtomicFiles.writeDirectory(
        target,
        tmp -> {
          AtomicFiles.copyOthers(template, tmp, NOT_COPIED);
          ParameterFiles.write(tmp.resolve(WEIGHTS), StateDict.of(model, ""));
        });
  }

  private static void scale(Parameter p) {
    NDArray a = p.getArray();
    // the product is put in the parameter's manager, where it would stay until the model closes
    try (NDArray scaled = a.mul(EMBEDDING_STD)) {
      a.set(scaled.toFloatArray());
    }
  }

  /**
   * Returns openai-whisper's positional sinusoids: row {@code t} is {@code [sin(t *
   * f_0..f_{C/2-1}), cos(t * f_0..f_{C/2-1})]} with {@code f_i = exp(-ln(10000) * i / (C / 2 -
   * 1))}.
   *
   * @param length positions
   * @param channels {@code C}, even
   * @return row-major {@code [length, channels]}
   */
  static float[] sinusoids(int length, int channels) {
    checkArgument(channels % 2 == 0 && channels >= 4, "channels must be even and >= 4");
    int half = channels / 2;
    double step = Math.log(10_000) / (half - 1);
    float[] out = new float[length * channels];
    for (int t = 0; t < length; t++) {
      for (int i = 0; i < half; i++) {
        double angle = t * Math.exp(-step * i);
        out[t * channels + i] = (float) Math.sin(angle);
        out[t * channels + half + i] = (float) Math.cos(angle);
      }
    }
    return out;
  }
}
