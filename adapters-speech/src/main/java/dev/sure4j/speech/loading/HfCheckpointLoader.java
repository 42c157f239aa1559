package dev.sure4j.speech.loading;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import dev.sure4j.adapters.io.TensorFile;
import dev.sure4j.speech.encoder.EncoderConfig;
import dev.sure4j.speech.encoder.SpeechEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Loads a Hugging Face HuBERT or wav2vec2 checkpoint directory into a {@link SpeechEncoder}.
 *
 * <p>The directory holds {@code config.json} and the weights: {@code model.safetensors}, a sharded
 * {@code model.safetensors.index.json} with its shards, or the same as PyTorch {@code torch.save}
 * files ({@code pytorch_model.bin} or {@code pytorch_model.bin.index.json}), read without Python
 * and without running their pickles; safetensors is preferred when both are present (see {@link
 * CheckpointFiles}). Tensor names may carry the {@code hubert.} or {@code wav2vec2.} prefix of
 * checkpoints saved from {@code ...ForCTC}, {@code ...ForSequenceClassification} or {@code
 * ...ForPreTraining} models. The positional convolution's weight norm is accepted as {@code
 * weight_g}/{@code weight_v} or as {@code parametrizations.weight.original0}/{@code original1} and
 * folded into one weight, {@code w = g * v / ||v||} with the norm over every axis where {@code g}
 * has size 1 (all but the kernel axis for wav2vec2's {@code dim=2}). Float16, bfloat16 and float64
 * tensors are converted to float32.
 *
 * <p>Tensors outside the base encoder are ignored: heads ({@code lm_head}, {@code classifier},
 * {@code projector}, {@code layer_weights}), pretraining-only tensors ({@code quantizer}, {@code
 * project_q}, {@code project_hid}, {@code final_proj}, {@code label_embs_concat}) and {@code
 * masked_spec_embed} (SpecAugment's mask vector, which this encoder does not apply), and Whisper's
 * {@code proj_out}, which is tied to {@code model.decoder.embed_tokens}. Any other unexpected
 * tensor, a missing tensor, or a shape mismatch is an error that names the tensor and both shapes,
 * all on one line. Every tensor's name, shape, dtype and byte range is checked, and every value is
 * checked to be finite (a NaN or infinite weight is refused, naming the file and the tensor),
 * before any value is copied, so a checkpoint that fails validation leaves the encoder as it was.
 */
public final class HfCheckpointLoader {

  /** File names in a checkpoint directory. */
  public static final String CONFIG = "config.json";

  /** The single-file weights. */
  public static final String SAFETENSORS = "model.safetensors";

  /** The index of sharded weights. */
  public static final String SAFETENSORS_INDEX = "model.safetensors.index.json";

  private HfCheckpointLoader() {}

  /**
   * Reads the config, builds the encoder, initialises it on a manager and loads the weights.
   *
   * @param dir the checkpoint directory
   * @param manager the manager that owns the parameters
   * @return the loaded encoder, in float32
   * @throws IllegalArgumentException when the directory, config or weights are invalid
   * @throws UncheckedIOException when a file cannot be read
   */
  public static SpeechEncoder load(Path dir, NDManager manager) {
    EncoderConfig config = EncoderConfig.fromFile(dir.resolve(CONFIG));
    SpeechEncoder encoder = new SpeechEncoder(config);
    encoder.initialize(manager, DataType.FLOAT32, new Shape(1, config.receptiveField()));
    loadWeights(encoder, dir);
    return encoder;
  }

  /**
   * Loads the weights of a checkpoint directory into an initialised encoder. Parameters of attached
   * adapters (under {@code adapters.}) are not touched.
   *
   * @param encoder an initialised encoder of the checkpoint's geometry
   * @param dir the checkpoint directory
   * @throws IllegalArgumentException listing every missing, unexpected or mis-shaped tensor; the
   *     encoder is then unchanged
   * @throws UncheckedIOException when a file cannot be read
   */
  public static void loadWeights(SpeechEncoder encoder, Path dir) {
    loadWeights(encoder, dir, "encoder");
  }

  /**
   * Loads the weights of a checkpoint directory into any initialised model whose {@link
   * dev.sure4j.adapters.nn.StateDict} names are the checkpoint's tensor names (after the prefixes
   * and ignored roots described above), with the same checks as {@link #loadWeights(SpeechEncoder,
   * Path)}. Parameters of attached adapters are not touched.
   *
   * @param model an initialised model of the checkpoint's geometry
   * @param dir the checkpoint directory
   * @param what the model's name in error messages ({@code encoder}, {@code Whisper model})
   * @throws IllegalArgumentException listing every missing, unexpected or mis-shaped tensor; the
   *     model is then unchanged
   * @throws UncheckedIOException when a file cannot be read
   */
  public static void loadWeights(Block model, Path dir, String what) {
    loadWeights(model, dir, what, name -> false);
  }

  /**
   * Loads the weights of a checkpoint directory into a model that holds part of the checkpoint's
   * network, as {@link #loadWeights(Block, Path, String)}, not counting the tensors {@code skip}
   * accepts as unexpected (for example Whisper's decoder under its encoder alone).
   *
   * @param model an initialised model of the checkpoint's geometry
   * @param dir the checkpoint directory
   * @param what the model's name in error messages
   * @param skip accepts the names (after the prefixes) of tensors the model does not hold
   * @throws IllegalArgumentException listing every missing, unexpected or mis-shaped tensor; the
   *     model is then unchanged
   * @throws UncheckedIOException when a file cannot be read
   */
  public static void loadWeights(Block model, Path dir, String what, Predicate<String> skip) {
    List<TensorFile> readers = new ArrayList<>();
    try {
      for (Path f : CheckpointFiles.weightFiles(dir)) {
        readers.add(CheckpointFiles.open(f));
      }
      List<ParameterCopy> plan = CopyPlan.of(model, what, dir, readers, skip);
      // two passes, so that a non-finite value found late leaves every parameter as it was
      for (ParameterCopy c : plan) {
        c.checkFinite();
      }
      for (ParameterCopy c : plan) {
        c.run();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + dir, e);
    } finally {
      for (TensorFile r : readers) {
        try {
          r.close();
        } catch (IOException e) {
          // read-only channel: nothing was written, nothing to lose
        }
      }
    }
  }
}
