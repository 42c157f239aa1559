package dev.sure4j.speech.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.sure4j.adapters.io.AtomicFiles;
import dev.sure4j.adapters.io.SafetensorsWriter;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.speech.audio.PreprocessorConfig;
import dev.sure4j.speech.encoder.EncoderConfig;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a pretrained backbone as a Hugging Face {@code HubertModel} checkpoint directory that
 * {@link HfCheckpointLoader} (and {@code transformers}) load: {@code config.json} ({@code
 * model_type hubert}, {@code architectures [HubertModel]}), {@code model.safetensors} (the
 * encoder's parameters under their Hugging Face names plus {@code masked_spec_embed}), {@code
 * preprocessor_config.json}, and the pretraining-only tensors ({@code final_proj.*}, {@code
 * label_embs_concat}) in a separate {@code pretraining_head.safetensors}. Every file is written to
 * a temporary file and renamed into place.
 */
public final class HubertExporter {

  /** The file holding the pretraining-only tensors. */
  public static final String HEAD_FILE = "pretraining_head.safetensors";

  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

  private HubertExporter() {}

  /**
   * Writes the checkpoint directory (created when missing; files of the same names replaced).
   *
   * @param model the trained model
   * @param preprocessor the waveform preprocessing the model was trained with
   * @param extraConfig further {@code config.json} keys (for example the masking settings)
   * @param dir the directory
   * @throws IOException when a file cannot be written
   */
  public static void write(
      MaskedPredictionModel model,
      PreprocessorConfig preprocessor,
      Map<String, Object> extraConfig,
      Path dir)
      throws IOException {
    writeBackbone(
        model.encoder(),
        Map.of("masked_spec_embed", model.maskedSpecEmbed().getArray()),
        preprocessor,
        extraConfig,
        dir);
    SafetensorsWriter head = SafetensorsWriter.create().putMetadata("format", "pt");
    for (Map.Entry<String, Parameter> e :
        StateDict.of(model.finalProj(), "final_proj").entrySet()) {
      head.add(e.getKey(), e.getValue().getArray());
    }
    head.add("label_embs_concat", model.labelEmbeddings().getArray());
    head.sortByName(true).write(dir.resolve(HEAD_FILE));
  }

  /**
   * Writes an encoder as a checkpoint directory without pretraining head: {@code config.json},
   * {@code preprocessor_config.json} and {@code model.safetensors} (directory created when missing;
   * files of the same names replaced).
   *
   * @param encoder the encoder, initialised
   * @param extraWeights further tensors for {@code model.safetensors} by name (for example {@code
   *     masked_spec_embed}), or none
   * @param preprocessor the waveform preprocessing the encoder expects
   * @param extraConfig further {@code config.json} keys
   * @param dir the directory
   * @throws IOException when a file cannot be written
   */
  public static void writeBackbone(
      SpeechEncoder encoder,
      Map<String, NDArray> extraWeights,
      PreprocessorConfig preprocessor,
      Map<String, Object> extraConfig,
      Path dir)
      throws IOException {
    Files.createDirectories(dir);
    EncoderConfig config = encoder.config();
    Map<String, Object> json = new TreeMap<>(config.toHfMap());
    json.put("architectures", List.of("HubertModel"));
    json.put("num_feat_extract_layers", config.convDim().size());
    json.put("feat_extract_activation", "gelu");
    json.put("conv_pos_batch_norm", false);
    json.put("torch_dtype", "float32");
    json.putAll(extraConfig);
    writeText(dir.resolve(HfCheckpointLoader.CONFIG), GSON.toJson(json) + "\n");

    Map<String, Object> pre = new LinkedHashMap<>();
    pre.put("do_normalize", preprocessor.doNormalize());
    pre.put("feature_extractor_type", "Wav2Vec2FeatureExtractor");
    pre.put("feature_size", preprocessor.featureSize());
    pre.put("padding_side", "right");
    pre.put("padding_value", preprocessor.paddingValue());
    pre.put("return_attention_mask", preprocessor.returnAttentionMask());
    pre.put("sampling_rate", preprocessor.samplingRate());
    writeText(dir.resolve(PreprocessorConfig.FILE_NAME), GSON.toJson(pre) + "\n");

    SafetensorsWriter weights = SafetensorsWriter.create().putMetadata("format", "pt");
    for (Map.Entry<String, Parameter> e : StateDict.of(encoder, "").entrySet()) {
      weights.add(e.getKey(), e.getValue().getArray());
    }
    extraWeights.forEach(weights::add);
    weights.sortByName(true).write(dir.resolve(HfCheckpointLoader.SAFETENSORS));
  }

  /**
   * Writes a UTF-8 text file atomically (temporary file in the same directory, then rename).
   *
   * @param file the target
   * @param text the content
   * @throws IOException when it cannot be written
   */
  public static void writeText(Path file, String text) throws IOException {
    AtomicFiles.writeString(file, text);
  }
}
