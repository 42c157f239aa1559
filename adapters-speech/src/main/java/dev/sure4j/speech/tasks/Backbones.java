package dev.sure4j.speech.tasks;

import ai.djl.ndarray.NDManager;
import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.backbone.BackboneKind;
import dev.sure4j.speech.backbone.BackboneSettings;
import dev.sure4j.speech.backbone.SpeechBackbone;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import dev.sure4j.speech.whisper.WhisperBackbone;
import dev.sure4j.speech.whisper.WhisperConfig;
import dev.sure4j.speech.whisper.WhisperFeatures;
import dev.sure4j.speech.whisper.WhisperWindow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Loads the backbone of a checkpoint directory for the SURE tasks, picking the family from its
 * {@code config.json}: Whisper ({@code model_type} {@code whisper}: its encoder, {@link
 * WhisperBackbone}, with {@link #WHISPER_DEFAULT_WINDOW}) or else HuBERT or wav2vec2 ({@link
 * HfCheckpointLoader}).
 */
public final class Backbones {

  /** The window a Whisper backbone runs with unless settings say otherwise. */
  public static final WhisperWindow WHISPER_DEFAULT_WINDOW = WhisperWindow.SLICE;

  private Backbones() {}

  /**
   * Tells which family a checkpoint directory holds.
   *
   * @param checkpoint a Hugging Face directory
   * @return {@link BackboneKind#WHISPER} when its {@code config.json} describes Whisper, else
   *     {@link BackboneKind#HUBERT}
   */
  public static BackboneKind kind(Path checkpoint) {
    return WhisperConfig.describes(checkpoint) ? BackboneKind.WHISPER : BackboneKind.HUBERT;
  }

  /**
   * Loads a checkpoint directory as a backbone with its default settings.
   *
   * @param checkpoint a Hugging Face HuBERT, wav2vec2 or Whisper directory
   * @param manager the manager that owns the parameters
   * @return the backbone, initialised and loaded
   * @throws IllegalArgumentException naming the file and the key or tensor that does not fit
   */
  public static SpeechBackbone load(Path checkpoint, NDManager manager) {
    return load(checkpoint, Map.of(), manager);
  }

  /**
   * Loads a checkpoint directory as a backbone and applies settings (for Whisper, {@code window}:
   * {@code pad} or {@code slice}).
   *
   * @param checkpoint a Hugging Face HuBERT, wav2vec2 or Whisper directory
   * @param settings setting name to value; empty for the defaults
   * @param manager the manager that owns the parameters
   * @return the backbone, initialised and loaded
   * @throws IllegalArgumentException naming the file and the key or tensor that does not fit, or
   *     the setting the backbone does not know
   */
  public static SpeechBackbone load(
      Path checkpoint, Map<String, String> settings, NDManager manager) {
    BackboneKind kind = kind(checkpoint);
    SpeechBackbone b =
        kind == BackboneKind.WHISPER
            ? WhisperBackbone.load(checkpoint, WHISPER_DEFAULT_WINDOW, manager)
            : HfCheckpointLoader.load(checkpoint, manager);
    b.apply(new BackboneSettings(kind, settings));
    return b;
  }

  /**
   * Returns the audio pipeline that prepares waveforms for a checkpoint's backbone.
   *
   * @param checkpoint the checkpoint directory
   * @return the pipeline: Whisper's feature extractor's for Whisper, else the one of the
   *     directory's {@code preprocessor_config.json} when present
   * @throws IOException when the preprocessor config cannot be read
   */
  public static AudioPipeline audio(Path checkpoint) throws IOException {
    if (kind(checkpoint) == BackboneKind.WHISPER) {
      return WhisperFeatures.pipeline(InputLimits.defaults());
    }
    return AudioPipeline.builder().optCheckpoint(checkpoint).build();
  }
}
