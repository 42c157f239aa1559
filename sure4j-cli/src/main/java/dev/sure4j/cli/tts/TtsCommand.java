package dev.sure4j.cli.tts;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.sure4j.cli.options.DeviceOption;
import dev.sure4j.cli.options.OutputOption;
import dev.sure4j.cli.options.VocoderOption;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.SampleFormat;
import dev.sure4j.speech.audio.WavWriter;
import dev.sure4j.speech.synthesis.SpectrogramPlot;
import dev.sure4j.speech.tts.data.FeatureStats;
import dev.sure4j.speech.tts.infer.TtsPrediction;
import dev.sure4j.speech.tts.infer.TtsSynthesizer;
import dev.sure4j.speech.tts.train.TtsAdapterFiles;
import dev.sure4j.speech.tts.train.TtsModelFiles;
import dev.sure4j.speech.vocoder.HifiGan;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./sure4j tts}: text, tokens, a trained FastSpeech model (optionally with an adaptation),
 * log-mel (drawn as a PNG with {@code --plot}), and Griffin-Lim or a HiFi-GAN vocoder, written as
 * 16-bit PCM WAV. It prints the median of the predicted F0 in Hz, through the adaptation's own
 * pitch statistics when it has them ({@code voice_stats.json}), else the base model's.
 */
@Command(
    name = "tts",
    description =
        "Speak a sentence with a trained FastSpeech model (./sure4j tts-train) into --out, a"
            + " 16-bit PCM WAV.")
public final class TtsCommand implements Callable<Integer> {

  @Option(names = "--text", required = true, description = "The sentence to speak.")
  String text;

  @Mixin OutputOption output;

  @Option(
      names = "--model",
      defaultValue = "models/mini-tts",
      description = "Model directory from tts-train (default: ${DEFAULT-VALUE}).")
  Path model;

  @Option(
      names = "--adapter",
      description = "Adaptation directory from tts-train --method ... (adapter or speaker table).")
  Path adapter;

  @Option(
      names = "--speaker",
      defaultValue = "0",
      description = "Speaker id (default: ${DEFAULT-VALUE}).")
  int speaker;

  @Mixin VocoderOption vocoderOption;

  @Option(
      names = "--plot",
      description =
          "Also draw the log-mel spectrogram it spoke as a PNG (time on x, mel bin on y, colour"
              + " scale).")
  Path plot;

  @Option(
      names = "--pace",
      description =
          "Duration scale on top of the adaptation's fitted pace: above 1 speaks slower, below 1"
              + " faster (default: ${DEFAULT-VALUE}).")
  double pace = 1.0;

  @Mixin DeviceOption device;

  @Override
  public Integer call() throws Exception {
    checkArgument(
        pace > 0 && Double.isFinite(pace), "--pace must be a finite number > 0: %s", pace);
    Device onDevice = device.device(); // an unknown or absent device ends the command here
    long t0 = System.nanoTime();
    try (NDManager manager = NDManager.newBaseManager(onDevice)) {
      TtsModelFiles.Loaded loaded = TtsModelFiles.load(model, manager);
      String adapted = "";
      FeatureStats stats = loaded.config().stats();
      String statsSource = "base statistics";
      double scale = pace;
      if (adapter != null) {
        TtsAdapterFiles.Loaded a = TtsAdapterFiles.load(adapter, loaded.block());
        adapted = ", " + a.method() + " from " + adapter;
        stats = a.stats(stats);
        statsSource = a.voiceStats().isPresent() ? "voice statistics" : "base statistics";
        scale *= a.durationScale();
      }
      TtsSynthesizer synth =
          new TtsSynthesizer(loaded.block().model(), loaded.text(), loaded.config().mel(), scale);
      Optional<HifiGan> gan = vocoderOption.hifiGan().map(d -> HifiGan.load(d, manager));
      TtsPrediction p = synth.predict(manager, text, speaker);
      float[] samples = synth.vocode(manager, p.logMel(), gan);
      if (plot != null) {
        int nMels = loaded.config().mel().nMels();
        SpectrogramPlot.write(p.logMel(), nMels, "log-mel: " + text, plot);
        System.out.printf(
            "wrote %s: log-mel spectrogram, %d mel bins x %d frames%n",
            plot, nMels, p.logMel().length / nMels);
      }
      float[] f0 = p.f0Hz(stats.pitchMean(), stats.pitchStd());
      Arrays.sort(f0);
      int rate = loaded.config().mel().sampleRate();
      WavWriter.write(output.path(), AudioClip.mono(samples, rate), SampleFormat.PCM_S16);
      System.out.printf(
          Locale.ROOT,
          "wrote %s: %.2f s at %d Hz, speaker %d, model %s%s, %s; median F0 %.0f Hz (%s); %.1f"
              + " s%n",
          output.path(),
          samples.length / (double) rate,
          rate,
          speaker,
          model,
          adapted,
          vocoderOption.hifiGan().map(d -> "HiFi-GAN " + d).orElse("Griffin-Lim"),
          f0[f0.length / 2],
          statsSource,
          (System.nanoTime() - t0) / 1e9);
    }
    return 0;
  }
}
