package dev.sure4j.speech.tasks;

import ai.djl.ndarray.NDManager;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.backbone.BackboneKind;
import dev.sure4j.speech.backbone.SpeechBackbone;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads the backbone of a checkpoint directory for the SURE tasks, picking the family from its
 * {@code config.json}: HuBERT or wav2vec2 ({@link HfCheckpointLoader}).
 */
public final class Backbones {

  private Backbones() {}

  /**
   * Tells which family a checkpoint directory holds.
   *
   * @param checkpoint a Hugging Face directory
   * @return its kind
   */
  public static BackboneKind kind(Path checkpoint) {
    return BackboneKind.HUBERT;
  }

  /**
   * Loads a checkpoint directory as a backbone.
   *
   * @param checkpoint a Hugging Face HuBERT or wav2vec2 directory
   * @param manager the manager that owns the parameters
   * @return the backbone, initialised and loaded
   * @throws IllegalArgumentException naming the file and the key or tensor that does not fit
   */
  public static SpeechBackbone load(Path checkpoint, NDManager manager) {
    return HfCheckpointLoader.load(checkpoint, manager);
  }

  /**
   * Returns the audio pipeline that prepares waveforms for a checkpoint's backbone.
   *
   * @param checkpoint the checkpoint directory
   * @return the pipeline (its {@code preprocessor_config.json} when present)
   * @throws IOException when the preprocessor config cannot be read
   */
  public static AudioPipeline audio(Path checkpoint) throws IOException {
    return AudioPipeline.builder().optCheckpoint(checkpoint).build();
  }
}
