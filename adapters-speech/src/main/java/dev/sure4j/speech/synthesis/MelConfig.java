package dev.sure4j.speech.synthesis;

import com.google.common.base.Preconditions;
import java.util.Objects;

/**
 * The settings of a log-mel spectrogram: a Hann-windowed STFT with centre reflect padding, a
 * magnitude or power spectrum, a triangular mel filterbank and a natural log with a floor.
 *
 * <p>It is {@code torch.log(torch.clamp(torchaudio.transforms.MelSpectrogram(sample_rate, n_fft,
 * win_length, hop_length, f_min, f_max, n_mels=n_mels, power=power, norm=norm, mel_scale=mel_scale,
 * center=True, pad_mode="reflect")(x), min=log_floor))}. Build one with {@link #builder()} (which
 * starts from {@link #hifigan()}) or take a preset.
 *
 * @param sampleRate audio rate in Hz that the features are computed at; other rates are resampled
 * @param nFft FFT size in samples ({@code n_fft}); {@code nFft / 2 + 1} frequency bins
 * @param winLength Hann window length in samples ({@code win_length}), &lt;= nFft, centred in the
 *     FFT frame and zero-padded to it
 * @param hopLength samples between frames ({@code hop_length})
 * @param nMels mel channels ({@code n_mels})
 * @param fMin lowest filter edge in Hz ({@code f_min})
 * @param fMax highest filter edge in Hz ({@code f_max}), &lt;= sampleRate / 2
 * @param power exponent of the magnitude: 1 for magnitude, 2 for power ({@code power})
 * @param melScale the mel scale ({@code mel_scale})
 * @param norm the filter normalisation ({@code norm})
 * @param logFloor values are clamped to at least this before the natural log (HiFi-GAN: 1e-5)
 */
public record MelConfig(
    int sampleRate,
    int nFft,
    int winLength,
    int hopLength,
    int nMels,
    double fMin,
    double fMax,
    double power,
    MelScale melScale,
    MelNorm norm,
    double logFloor) {

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if a size is not positive, the window is longer than the FFT,
   *     the band is empty or above the Nyquist frequency, or the power or floor is not positive
   */
  public MelConfig {
    Preconditions.checkArgument(sampleRate > 0, "sample rate must be > 0 Hz: %s", sampleRate);
    Preconditions.checkArgument(nFft > 1, "n_fft must be > 1: %s", nFft);
    Preconditions.checkArgument(
        winLength > 0 && winLength <= nFft,
        "win_length must be in [1, n_fft %s]: %s",
        nFft,
        winLength);
    Preconditions.checkArgument(hopLength > 0, "hop_length must be > 0: %s", hopLength);
    Preconditions.checkArgument(nMels > 0, "n_mels must be > 0: %s", nMels);
    Preconditions.checkArgument(
        fMin >= 0 && fMin < fMax, "need 0 <= f_min < f_max: f_min %s, f_max %s", fMin, fMax);
    Preconditions.checkArgument(
        fMax <= sampleRate / 2.0,
        "f_max %s Hz is above the Nyquist frequency of %s Hz",
        fMax,
        sampleRate / 2.0);
    Preconditions.checkArgument(power > 0, "power must be > 0: %s", power);
    Preconditions.checkArgument(logFloor > 0, "log floor must be > 0: %s", logFloor);
    Objects.requireNonNull(melScale, "melScale");
    Objects.requireNonNull(norm, "norm");
  }

  /**
   * The HiFi-GAN (LJSpeech V1) features, exactly {@code torchaudio.transforms.MelSpectrogram(
   * sample_rate=22050, n_fft=1024, win_length=1024, hop_length=256, f_min=0, f_max=8000, n_mels=80,
   * power=1.0, norm="slaney", mel_scale="slaney", center=True, pad_mode="reflect")} followed by
   * {@code torch.log(torch.clamp(x, min=1e-5))}.
   *
   * @return 22050 Hz, n_fft 1024, win 1024, hop 256, 80 slaney mels (slaney norm) over 0-8000 Hz,
   *     magnitude, log floor 1e-5
   */
  public static MelConfig hifigan() {
    return new MelConfig(
        22050, 1024, 1024, 256, 80, 0, 8000, 1.0, MelScale.SLANEY, MelNorm.SLANEY, 1e-5);
  }

  /**
   * The FastSpeech 2 LJSpeech features of {@code ming024/FastSpeech2} ({@code
   * config/LJSpeech/preprocess.yaml}: {@code sampling_rate} 22050, {@code filter_length} 1024,
   * {@code hop_length} 256, {@code win_length} 1024, {@code n_mel_channels} 80, {@code mel_fmin} 0,
   * {@code mel_fmax} 8000). Its {@code TacotronSTFT} frames with a conv1d over a periodic-Hann
   * windowed Fourier basis after reflect padding by {@code filter_length / 2} (the same numbers as
   * a centred STFT), takes the magnitude, applies {@code librosa.filters.mel} (slaney scale, slaney
   * norm) and {@code log(clamp(x, min=1e-5))}: every value equals {@link #hifigan()}. The
   * differences lie outside the features: FastSpeech 2 loads audio with librosa's resampler and
   * peak-normalises each utterance before saving it, sure4j resamples with {@link
   * dev.sure4j.speech.audio.Resampler} and keeps the level.
   *
   * @return the same values as {@link #hifigan()}
   */
  public static MelConfig fastspeech2() {
    return hifigan();
  }

  /**
   * The log-mel front end of Whisper before its own scaling ({@code WhisperFeatureExtractor},
   * openai-whisper's {@code log_mel_spectrogram}): 16 kHz, {@code n_fft} 400, periodic Hann window
   * of 400, hop 160, centred reflect-padded STFT, power spectrum, slaney-scale slaney-normalised
   * filters over 0-8000 Hz (librosa's {@code filters.mel}, the same numbers as torchaudio's) and a
   * clamp at 1e-10 before the log. {@code dev.sure4j.speech.whisper.WhisperFeatures} turns this
   * natural log into Whisper's features.
   *
   * @param nMels 80, or 128 for large-v3
   * @return 16000 Hz, n_fft 400, win 400, hop 160, nMels slaney mels over 0-8000 Hz, power 2, floor
   *     1e-10
   */
  public static MelConfig whisper(int nMels) {
    return new MelConfig(
        16000, 400, 400, 160, nMels, 0, 8000, 2.0, MelScale.SLANEY, MelNorm.SLANEY, 1e-10);
  }

  /**
   * Returns a preset by name.
   *
   * @param name {@code hifigan} or {@code fastspeech2}
   * @return the preset
   * @throws IllegalArgumentException for another name (the message lists the presets)
   */
  public static MelConfig preset(String name) {
    switch (name) {
      case "hifigan":
        return hifigan();
      case "fastspeech2":
        return fastspeech2();
      default:
        throw new IllegalArgumentException(
            "unknown mel preset '" + name + "': expected one of [hifigan, fastspeech2]");
    }
  }

  /**
   * Returns a builder starting from {@link #hifigan()}.
   *
   * @return the builder
   */
  public static MelConfigBuilder builder() {
    return new MelConfigBuilder(hifigan());
  }

  /**
   * Returns a builder starting from this configuration.
   *
   * @return the builder
   */
  public MelConfigBuilder toBuilder() {
    return new MelConfigBuilder(this);
  }

  /**
   * Returns the number of frequency bins.
   *
   * @return {@code nFft / 2 + 1}
   */
  public int frequencyBins() {
    return nFft / 2 + 1;
  }

  /**
   * Returns the number of frames for a waveform length (centre padding by {@code nFft / 2} on both
   * sides).
   *
   * @param samples waveform length in samples, &gt;= 0
   * @return {@code 1 + (samples + 2 * (nFft / 2) - nFft) / hopLength}
   */
  public int frames(int samples) {
    return 1 + (samples + 2 * (nFft / 2) - nFft) / hopLength;
  }
}
