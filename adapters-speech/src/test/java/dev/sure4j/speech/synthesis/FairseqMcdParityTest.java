package dev.sure4j.speech.synthesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.testing.ManagedTest;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.Npy;
import dev.sure4j.speech.audio.WavReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link Mcd} against fairseq's {@code batch_mel_cepstral_distortion}, rebuilt in PyTorch by
 * tools/make_mcd_fixture.py on two espeak-ng waveforms (another voice and speed, with noise).
 */
@Tag("parity")
class FairseqMcdParityTest extends ManagedTest {
  private static final double MFCC_TOLERANCE = 1e-3;

  private static Path resource(String name) throws Exception {
    return Path.of(FairseqMcdParityTest.class.getResource("/audio/mcd/" + name).toURI());
  }

  private static float[] wave(String name) throws Exception {
    AudioClip clip = WavReader.read(resource(name));
    assertEquals(22050, clip.sampleRate());
    return clip.channel(0);
  }

  private static JsonObject expected() throws Exception {
    String json = Files.readString(resource("fairseq_mcd.json"), StandardCharsets.UTF_8);
    return JsonParser.parseString(json).getAsJsonObject();
  }

  private void assertMfcc(Mfcc mfcc, float[] wave, String npy) {
    float[] actual = mfcc.compute(manager, wave);
    Npy.Array reference = Npy.read("mcd/" + npy);
    assertEquals(13, reference.shape()[0], npy);
    assertEquals(reference.data().length, actual.length, npy + ": values");
    double diff = Npy.maxAbsDiff(actual, reference.data());
    System.out.printf(
        "MFCC %s [13, %d]: max abs diff vs torchaudio %.3g%n", npy, reference.shape()[1], diff);
    assertTrue(diff < MFCC_TOLERANCE, npy + ": max abs diff " + diff);
  }

  @Test
  void mfccMatchesTorchaudio() throws Exception {
    Mfcc mfcc = Mfcc.fairseq(22050);
    assertEquals(1102, mfcc.config().nFft());
    assertEquals(275, mfcc.config().hopLength());
    assertMfcc(mfcc, wave("reference.wav"), "reference_mfcc.npy");
    assertMfcc(mfcc, wave("synthesized.wav"), "synthesized_mfcc.npy");
  }

  @Test
  void mcdAndAlignmentMatchFairseq() throws Exception {
    JsonObject e = expected();
    float[] reference = wave("reference.wav");
    float[] synthesized = wave("synthesized.wav");
    assertEquals(e.get("reference_samples").getAsInt(), reference.length);
    assertEquals(e.get("synthesized_samples").getAsInt(), synthesized.length);
    Mcd.Result r = Mcd.of(22050).compare(manager, reference, synthesized);
    double mcd = e.get("mcd").getAsDouble();
    System.out.printf(
        "fairseq MCD %.6f, sure4j %.6f (relative diff %.2g); path %d (fairseq %d), insertions %d,"
            + " deletions %d%n",
        mcd,
        r.distortion(),
        Math.abs(r.distortion() - mcd) / mcd,
        r.pathLength(),
        e.get("path_length").getAsInt(),
        r.insertions(),
        r.deletions());
    assertEquals(mcd, r.distortion(), 1e-3 * mcd);
    assertEquals(
        e.get("cumulative_distance").getAsDouble(),
        r.cumulative(),
        1e-3 * e.get("cumulative_distance").getAsDouble());
    assertEquals(e.get("reference_frames").getAsInt(), r.referenceFrames());
    assertEquals(e.get("synthesized_frames").getAsInt(), r.synthesizedFrames());
    assertEquals(e.get("path_length").getAsInt(), r.pathLength());
    assertEquals(e.get("insertions").getAsInt(), r.insertions());
    assertEquals(e.get("deletions").getAsInt(), r.deletions());
  }

  @Test
  void alignmentOfTheReferenceMfccsMatchesFairseq() throws Exception {
    JsonObject e = expected();
    Mcd.Result r = Mcd.ofMfcc(frames("reference_mfcc.npy"), frames("synthesized_mfcc.npy"));
    assertEquals(e.get("mcd").getAsDouble(), r.distortion(), 1e-5 * r.distortion());
    assertEquals(e.get("path_length").getAsInt(), r.pathLength());
  }

  /** Reads a [13, frames] MFCC fixture as [frames][13]. */
  private static double[][] frames(String npy) {
    Npy.Array a = Npy.read("mcd/" + npy);
    int k = a.shape()[0];
    int t = a.shape()[1];
    double[][] out = new double[t][k];
    for (int c = 0; c < k; c++) {
      for (int f = 0; f < t; f++) {
        out[f][c] = a.data()[c * t + f];
      }
    }
    return out;
  }
}
