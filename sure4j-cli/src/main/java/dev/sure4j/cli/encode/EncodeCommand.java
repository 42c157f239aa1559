package dev.sure4j.cli.encode;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.encoder.EncoderOutput;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import java.nio.file.Path;
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
 * as a NumPy {@code .npy} file, for checking sure4j against a Python pipeline.
 */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    description =
        "Write the hidden states of one audio file as a float32 [frames, hidden] .npy file.")
public final class EncodeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      description =
          "Checkpoint directory: config.json + model.safetensors or pytorch_model.bin (or a"
              + " sharded index).")
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

  @Override
  public Integer call() throws Exception {
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
}
