package dev.sure4j.speech.whisper.train;

import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.SampleFormat;
import dev.sure4j.speech.audio.WavReader;
import dev.sure4j.speech.audio.WavWriter;
import dev.sure4j.speech.data.ManifestEntry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The fixtures of tools/whisper_train_fixture.py and the tiny random Whisper. */
final class TrainFixtures {

  private TrainFixtures() {}

  static Path resource(String name) {
    try {
      return Path.of(TrainFixtures.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path model() {
    return resource("/whisper/tiny-random");
  }

  static Path audio() {
    return resource("/audio/mel/speech_c_16k.wav");
  }

  static SafetensorsReader reference() throws IOException {
    return SafetensorsReader.open(resource("/whisper/train_reference.safetensors"));
  }

  /**
   * Writes the first {@code samples[i]} samples of the 16 kHz test audio to {@code dir/u<i>.wav}
   * and returns manifest entries with the given transcripts.
   */
  static List<ManifestEntry> utterances(Path dir, int[] samples, String... transcripts)
      throws IOException {
    float[] wave = WavReader.read(audio()).toMono().channel(0);
    List<ManifestEntry> out = new ArrayList<>();
    for (int i = 0; i < transcripts.length; i++) {
      Path f = dir.resolve("u" + i + "-" + samples[i] + ".wav");
      WavWriter.write(
          f,
          AudioClip.mono(Arrays.copyOf(wave, Math.min(wave.length, samples[i])), 16000),
          SampleFormat.PCM_S16);
      out.add(
          new ManifestEntry(f, Map.of("path", f.toString(), "transcript", transcripts[i]), i + 2));
    }
    return out;
  }
}
