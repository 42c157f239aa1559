package dev.sure4j.cli.encode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.cli.options.DtypeOption;
import dev.sure4j.cli.transcribe.WhisperDirectory;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.encoder.EncoderOutput;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import dev.sure4j.speech.whisper.WhisperModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./sure4j encode}: runs a Hugging Face HuBERT/wav2vec2 checkpoint (optionally with a sure4j
 * or PEFT adapter) over one audio file and writes the float32 {@code [frames, hidden]} hidden state
 * as a NumPy {@code .npy} file, for checking sure4j against a Python pipeline. A Whisper directory
 * (see {@link WhisperDirectory#holds}) gives its encoder's last hidden state {@code [1,
 * max_source_positions, d_model]} ({@code [1, 1500, d_model]} for a 30 s window) instead.
 */
@Command(
    name = "encode",
    description =
        "Write the hidden states of one audio file as a float32 [frames, hidden] .npy file.")
public final class EncodeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      description =
          "Checkpoint directory: config.json + model.safetensors or pytorch_model.bin (or a"
              + " sharded index); HuBERT, wav2vec2 or Whisper.")
  Path model;

  @Mixin AudioToNpyOptions files;

  @Mixin DeviceOption device;

  @Option(
      names = "--layer",
      description =
          "Hidden state to write: 0 is the input to the first transformer layer, L the last"
              + " layer's output (default: the last hidden state).")
  Integer layer;

  @Option(
      names = "--adapter",
      description = "Adapter directory (adapter_config.json + adapter_model.safetensors).")
  Path adapter;

  @Mixin DtypeOption dtype;

  @Override
  public Integer call() throws Exception {
    dtype.checked(); // float32 or a one-line refusal, before anything is loaded
    if (WhisperDirectory.holds(model)) {
      return whisperEncoder();
    }
    try (NDManager manager = NDManager.newBaseManager(device.device())) {
      SpeechEncoder encoder = HfCheckpointLoader.load(model, manager);
      int layers = encoder.config().numHiddenLayers();
      if (layer != null && (layer < 0 || layer > layers)) {
        throw new ParameterException(
            spec.commandLine(), "--layer " + layer + " is outside 0.." + layers + " for " + model);
      }
      if (adapter != null) {
        AdapterModel adapted = AdapterModel.wrap(encoder);
        AdapterFiles.loadWithoutHead(adapted, adapter, "adapter");
        adapted.setActiveAdapters("adapter");
      }
      AudioPipeline pipeline =
          AudioPipeline.builder()
              .optCheckpoint(model)
              .optMinSamples(Math.toIntExact(encoder.config().receptiveField()))
              .optLimits(files.limits())
              .build();
      float[] wave = pipeline.load(files.audio());
      NDArray waves = manager.create(wave, new Shape(1, wave.length));
      EncoderOutput output = encoder.encode(waves, null);
      List<NDArray> states = output.hiddenStates();
      NDArray state = layer == null ? output.lastHiddenState() : states.get(layer);
      Shape s = state.getShape();
      NpyWriter.write(files.out(), state.toFloatArray(), s.get(1), s.get(2));
      System.out.printf(
          "wrote %s: [%d frames, %d hidden] float32 from %s (%.2f s)%n",
          files.out(), s.get(1), s.get(2), files.audio(), wave.length / 16_000.0);
      return 0;
    }
  }

  /**
   * A Whisper directory: the encoder's last hidden state {@code [1, max_source_positions, d_model]}
   * over the first window of the model's own length.
   */
  private int whisperEncoder() throws IOException {
    if (layer != null) {
      throw new ParameterException(
          spec.commandLine(), "--layer is not supported for the Whisper model " + model);
    }
    try (NDManager manager = NDManager.newBaseManager(device.device())) {
      WhisperModel whisper = WhisperDirectory.load(model, adapter, manager);
      NDArray mel = WhisperDirectory.features(model, files.audio(), files.limits(), manager);
      NDArray state = whisper.encoder().encode(new ParameterStore(manager, false), mel, false);
      long[] shape = state.getShape().getShape();
      NpyWriter.write(files.out(), state.toFloatArray(), shape);
      System.out.printf(
          "wrote %s: %s float32 Whisper encoder states from %s%n",
          files.out(), Arrays.toString(shape), files.audio());
      return 0;
    }
  }
}
