package com.example.consumer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.encoder.EncoderOutput;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import java.nio.file.Path;

/**
 * Loads a HuBERT/wav2vec2 checkpoint directory, encodes one audio file and prints the shape of the
 * last hidden state, {@code [batch, frames, hidden]}.
 */
public final class EncodeClip {

  private EncodeClip() {}

  /**
   * Runs the example.
   *
   * @param args the checkpoint directory ({@code config.json} + {@code model.safetensors}) and an
   *     audio file (WAV)
   * @throws Exception if the checkpoint or the audio cannot be read
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: EncodeClip MODEL_DIR AUDIO_FILE");
      System.exit(2);
    }
    Path model = Path.of(args[0]);
    Path audio = Path.of(args[1]);
    try (NDManager manager = NDManager.newBaseManager()) {
      SpeechEncoder encoder = HfCheckpointLoader.load(model, manager);
      AudioPipeline pipeline = AudioPipeline.builder().optCheckpoint(model).build();
      float[] wave = pipeline.load(audio); // 16 kHz mono, normalised as the checkpoint expects
      NDArray waves = manager.create(wave, new Shape(1, wave.length));
      EncoderOutput output = encoder.encode(waves, null);
      Shape shape = output.lastHiddenState().getShape();
      System.out.printf(
          "%s: %d samples -> hidden state %s on %s%n",
          audio.getFileName(), wave.length, shape, manager.getEngine().getEngineName());
    }
  }
}
