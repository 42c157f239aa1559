package dev.sure4j.cli.synthesis;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.cli.encode.NpyReader;
import dev.sure4j.cli.encode.NpyWriter;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.cli.options.OutputOption;
import dev.sure4j.cli.options.VocoderOption;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.AudioLoader;
import dev.sure4j.speech.audio.SampleFormat;
import dev.sure4j.speech.audio.WavWriter;
import dev.sure4j.speech.synthesis.GriffinLim;
import dev.sure4j.speech.synthesis.LogSpectralDistance;
import dev.sure4j.speech.synthesis.Mcd;
import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.synthesis.MelSpectrogram;
import dev.sure4j.speech.vocoder.HifiGan;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./sure4j vocode}: turns a log-mel spectrogram {@code [n_mels, frames]} as {@code ./sure4j
 * mel} writes it back into a waveform, with Griffin-Lim (no model needed), and writes it as 16-bit
 * PCM WAV at the features' rate or as float32 {@code .npy} samples.
 */
@Command(
    name = "vocode",
    description =
        "Turn a log-mel [n_mels, frames] .npy back into audio: --out is .wav (16-bit PCM at the"
            + " preset's rate) or .npy (float32 samples).")
public final class VocodeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--mel",
      required = true,
      description = "Log-mel .npy [n_mels, frames], as './sure4j mel' writes it.")
  Path mel;

  @Mixin OutputOption output;

  @Option(
      names = "--iterations",
      defaultValue = "32",
      description = "Griffin-Lim iterations (default: ${DEFAULT-VALUE}, torchaudio's).")
  int iterations;

  @Mixin VocoderOption vocoderOption;

  @Option(
      names = "--reference",
      description =
          "Audio file to compare with: prints the MCD and log-spectral distance of the output.")
  Path reference;

  @Mixin MelOptions features;

  @Mixin DeviceOption device;

  @Override
  public Integer call() throws Exception {
    Device onDevice = device.device(); // an unknown or absent device ends the command here
    Path out = output.path();
    String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean wav = name.endsWith(".wav");
    if (!wav && !name.endsWith(".npy")) {
      throw new ParameterException(
          spec.commandLine(), "--out " + out + " must end in .wav or .npy");
    }
    if (iterations < 0) {
      throw new ParameterException(spec.commandLine(), "--iterations must be >= 0: " + iterations);
    }
    MelConfig config = features.config();
    NpyReader.Array input = NpyReader.read(mel);
    long[] shape = input.shape();
    if (shape.length != 2 || shape[0] != config.nMels()) {
      throw new ParameterException(
          spec.commandLine(),
          mel
              + " has shape "
              + Arrays.toString(shape)
              + " but the features have "
              + config.nMels()
              + " mels: expected [n_mels, frames]");
    }
    float[] samples;
    float[] original = null;
    if (reference != null) {
      original = MelSpectrogram.of(config).prepare(AudioLoader.standard().load(reference));
    }
    try (NDManager manager = NDManager.newBaseManager(onDevice)) {
      samples = synthesize(manager, config, input.data());
      if (original != null) {
        System.out.printf(
            "vs %s: MCD %.3f (fairseq: 13 MFCCs, DTW), log-spectral distance %.2f dB%n",
            reference,
            Mcd.between(manager, config.sampleRate(), original, samples),
            LogSpectralDistance.between(manager, config, original, samples));
      }
    }
    if (wav) {
      WavWriter.write(out, AudioClip.mono(samples, config.sampleRate()), SampleFormat.PCM_S16);
    } else {
      NpyWriter.write(out, samples, samples.length);
    }
    System.out.printf(
        "wrote %s: %d samples (%.2f s at %d Hz) from %s [%d mels, %d frames], %s%n",
        out,
        samples.length,
        samples.length / (double) config.sampleRate(),
        config.sampleRate(),
        mel,
        shape[0],
        shape[1],
        vocoderOption
            .hifiGan()
            .map(d -> "HiFi-GAN " + d)
            .orElse("Griffin-Lim, " + iterations + " iterations"));
    return 0;
  }

  /**
   * The vocoder: HiFi-GAN with {@code --vocoder}, Griffin-Lim without; samples at the features'
   * rate.
   */
  private float[] synthesize(NDManager manager, MelConfig config, float[] logMel) {
    Optional<Path> vocoder = vocoderOption.hifiGan();
    if (vocoder.isPresent()) {
      HifiGan gan = HifiGan.load(vocoder.get(), manager);
      if (gan.config().numMels() != config.nMels()
          || gan.config().samplingRate() != config.sampleRate()) {
        throw new ParameterException(
            spec.commandLine(),
            String.format(
                Locale.ROOT,
                "--vocoder %s takes %d mels at %d Hz but the features are %d mels at %d Hz",
                vocoder.get(),
                gan.config().numMels(),
                gan.config().samplingRate(),
                config.nMels(),
                config.sampleRate()));
      }
      int frames = logMel.length / config.nMels();
      NDArray mel = manager.create(logMel, new Shape(1, config.nMels(), frames));
      return gan.vocode(mel).toFloatArray();
    }
    return GriffinLim.of(config).withIterations(iterations).vocode(manager, logMel);
  }
}
