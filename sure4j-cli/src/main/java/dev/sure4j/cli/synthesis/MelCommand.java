package dev.sure4j.cli.synthesis;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sure4j.cli.encode.AudioToNpyOptions;
import dev.sure4j.cli.encode.NpyWriter;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.cli.transcribe.WhisperDirectory;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.AudioLoader;
import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.synthesis.MelSpectrogram;
import dev.sure4j.speech.synthesis.SpectrogramPlot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./sure4j mel}: writes the log-mel spectrogram of one audio file as a float32 {@code
 * [n_mels, frames]} NumPy file, equal to torchaudio's {@code MelSpectrogram} and {@code
 * log(clamp(x, 1e-5))} for the chosen preset (see docs/synthesis.md); with {@code --model} a
 * Whisper directory, its input features {@code [n_mels, 2 * max_source_positions]} (3000 frames, 30
 * s, for every released model) instead (see docs/whisper.md); with {@code --plot} also a PNG of the
 * log-mel ({@code SpectrogramPlot}).
 */
@Command(
    name = "mel",
    description =
        "Write the log-mel spectrogram of one audio file as a float32 [n_mels, frames] .npy.")
public final class MelCommand implements Callable<Integer> {

  @Mixin AudioToNpyOptions files;

  @Mixin MelOptions features;

  @Mixin DeviceOption device;

  @Option(
      names = "--model",
      description =
          "A Whisper directory: write its input features [n_mels, 2 * max_source_positions] (the"
              + " model's first window, 30 s for released models, padded) instead of a preset's"
              + " log-mel.")
  Path model;

  @Option(
      names = "--plot",
      description =
          "Also draw the log-mel spectrogram as a PNG (time on x, mel bin on y, colour scale).")
  Path plot;

  @Override
  public Integer call() throws Exception {
    Device onDevice = device.device(); // an unknown or absent device ends the command here
    if (model != null) {
      return whisperFeatures(onDevice);
    }
    MelConfig config = features.config();
    MelSpectrogram mel = MelSpectrogram.of(config);
    AudioClip clip = AudioLoader.standard().withLimits(files.limits()).load(files.audio());
    float[] wave = mel.prepare(clip);
    float[] logMel;
    try (NDManager manager = NDManager.newBaseManager(onDevice)) {
      logMel = mel.logMel(manager, wave);
    }
    int frames = config.frames(wave.length);
    NpyWriter.write(files.out(), logMel, config.nMels(), frames);
    if (plot != null) {
      SpectrogramPlot.write(
          logMel, config.nMels(), "log-mel: " + files.audio().getFileName(), plot);
      System.out.printf("wrote %s: the spectrogram as a PNG%n", plot);
    }
    System.out.printf(
        "wrote %s: [%d mels, %d frames] float32 log-mel at %d Hz, hop %d, from %s (%.2f s)%n",
        files.out(),
        config.nMels(),
        frames,
        config.sampleRate(),
        config.hopLength(),
        files.audio(),
        clip.durationSeconds());
    return 0;
  }

  private int whisperFeatures(Device onDevice) throws IOException {
    if (!WhisperDirectory.holds(model)) {
      throw new IllegalArgumentException(
          "--model " + model + ": config.json does not describe a Whisper model");
    }
    long[] shape;
    try (NDManager manager = NDManager.newBaseManager(onDevice)) {
      NDArray features = WhisperDirectory.features(model, files.audio(), files.limits(), manager);
      shape = features.getShape().slice(1).getShape();
      NpyWriter.write(files.out(), features.toFloatArray(), shape);
    }
    System.out.printf(
        "wrote %s: [%d mels, %d frames] float32 Whisper input features of %s from %s%n",
        files.out(), shape[0], shape[1], model, files.audio());
    return 0;
  }
}
