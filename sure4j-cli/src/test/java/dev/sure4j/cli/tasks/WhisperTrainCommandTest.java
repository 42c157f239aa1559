package dev.sure4j.cli.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.cli.SpeechFixtures;
import dev.sure4j.cli.serve.ServedWhisper;
import dev.sure4j.speech.audio.AudioClip;
import dev.sure4j.speech.audio.SampleFormat;
import dev.sure4j.speech.audio.WavReader;
import dev.sure4j.speech.audio.WavWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ./sure4j train --task asr} with the tiny random Whisper on a manifest directory made here:
 * the pipeline runs end to end, the validation loss falls, {@code metrics.json} holds the test WER
 * and CER before and after, and the saved adapter, in PEFT's layout, gives {@code ./sure4j
 * transcribe} and {@code ./sure4j predict} the transcripts of the training-time evaluation, and
 * {@code ./sure4j evaluate} its WER and CER; served over HTTP, it answers {@code POST
 * /v1/transcribe/asr} with the same text as {@code transcribe --adapter}.
 */
class WhisperTrainCommandTest {

  private static final Path WHISPER = SpeechFixtures.resource("whisper", "tiny-random");
  private static final Path WAV = SpeechFixtures.resource("audio", "mel", "speech_c_16k.wav");

  @TempDir Path dir;

  private Path data;
  private Path a;
  private Path c;
  private Path out;

  @BeforeEach
  void corpus() throws Exception {
    data = dir.resolve("asr");
    Files.createDirectories(data);
    a = wav(data, "a.wav", 12800);
    Path b = wav(data, "b.wav", 8000);
    c = wav(data, "c.wav", 10400);
    manifest(data, "train.csv", a, "hello world", b, "the quick brown fox");
    manifest(data, "val.csv", a, "hello world");
    manifest(data, "test.csv", a, "hello world", c, "she sells sea shells");
    out = dir.resolve("out");
  }

  /** Runs {@code train --task asr} on the corpus with a short schedule and the given options. */
  private String train(String method, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--task",
                "asr",
                "--model",
                WHISPER.toString(),
                "--data",
                data.toString(),
                "--method",
                method,
                "--out",
                out.toString(),
                "--warmup",
                "0",
                "--eval-every",
                "1",
                "--batch-size",
                "2",
                "--max-new-tokens",
                "6"));
    args.addAll(List.of(options));
    return Commands.run(args.toArray(String[]::new));
  }

  @Test
  void trainsScoresAndTheAdapterTranscribesAsEvaluated() throws Exception {
    String printed = train("lora", "--max-steps", "6", "--lr", "0.01", "--label-smoothing", "0.1");
    assertTrue(printed.contains("test wer"), printed);

    JsonObject metrics = Commands.json(out.resolve("metrics.json"));
    for (String k : List.of("wer", "cer", "wer_before", "cer_before")) {
      assertTrue(metrics.has(k), k + " missing from " + metrics);
      assertTrue(metrics.get(k).getAsDouble() >= 0, k + " " + metrics);
    }
    assertEquals("both", metrics.get("where").getAsString());

    double[] loss = validationLoss(out);
    System.out.printf("validation loss: step 1 %.4f, step 6 %.4f%n", loss[0], loss[1]);
    assertTrue(loss[1] < loss[0] - 0.3, "validation loss did not fall: " + Arrays.toString(loss));

    Path adapter = out.resolve("adapter");
    assertTensors(adapter, "base_model.model.model.", ".lora_");
    List<String> rows = Files.readAllLines(out.resolve("test_transcripts.tsv"));
    assertEquals(3, rows.size(), rows.toString());
    List<String> lines = transcribedAsEvaluated(out, adapter, a, c);
    assertEquals(
        List.of(textOf(lines.get(0)), textOf(lines.get(1))),
        ServedWhisper.transcribe(WHISPER, adapter, 6, a, c),
        "POST /v1/transcribe/asr and transcribe --adapter");
    String predicted =
        Commands.run(
            "predict",
            "--model",
            WHISPER.toString(),
            "--adapter",
            "asr=" + adapter,
            "--max-new-tokens",
            "6",
            c.toString());
    assertEquals(c + "\tasr\t" + rows.get(2).split("\t", -1)[2], predicted.strip());

    Path scored = dir.resolve("eval.json");
    Commands.run(
        "evaluate",
        "--model",
        WHISPER.toString(),
        "--adapter",
        adapter.toString(),
        "--data",
        data.toString(),
        "--max-new-tokens",
        "6",
        "--out",
        scored.toString());
    JsonObject evaluated = Commands.json(scored).getAsJsonObject("metrics");
    assertEquals(metrics.get("wer").getAsDouble(), evaluated.get("wer").getAsDouble(), 1e-12);
    assertEquals(metrics.get("cer").getAsDouble(), evaluated.get("cer").getAsDouble(), 1e-12);

    String base =
        Commands.run(
            "transcribe", "--model", WHISPER.toString(), "--max-new-tokens", "6", a.toString());
    System.out.printf("unadapted: %s; adapted: %s%n", base.strip(), rows.get(1));
  }

  @ParameterizedTest
  @CsvSource({"prefix, decoder, prefix_", "ia3, encoder, ia3_l"})
  void methodsOnOneStackTrainAndTranscribeAsEvaluated(String method, String where, String tensor)
      throws Exception {
    train(method, "--where", where, "--max-steps", "4", "--lr", "0.05");
    assertEquals(where, Commands.json(out.resolve("metrics.json")).get("where").getAsString());
    double[] loss = validationLoss(out);
    System.out.printf(
        "%s on the %s: validation loss %.4f -> %.4f%n", method, where, loss[0], loss[1]);
    assertTrue(loss[1] < loss[0], "validation loss did not fall: " + Arrays.toString(loss));
    Path adapter = out.resolve("adapter");
    assertTensors(adapter, "base_model.model.model." + where + ".", "." + tensor);
    transcribedAsEvaluated(out, adapter, a, c);
  }

  /** The validation loss of the first and the last evaluation of a run. */
  private static double[] validationLoss(Path out) throws Exception {
    List<String> evals = Files.readAllLines(out.resolve("training/eval_log.csv"));
    int col = Arrays.asList(evals.get(0).split(",")).indexOf("eval_loss");
    return new double[] {
      Double.parseDouble(evals.get(1).split(",")[col]),
      Double.parseDouble(evals.get(evals.size() - 1).split(",")[col])
    };
  }

  private static void assertTensors(Path adapter, String prefix, String part) throws Exception {
    try (SafetensorsReader r =
        SafetensorsReader.open(adapter.resolve("adapter_model.safetensors"))) {
      assertTrue(
          r.names().stream().allMatch(n -> n.startsWith(prefix) && n.contains(part)),
          r.names().toString());
    }
  }

  /**
   * Transcribes the first test clips with {@code transcribe --adapter} and checks each against the
   * training-time evaluation's transcript.
   *
   * @return the {@code --json} lines
   */
  private static List<String> transcribedAsEvaluated(Path out, Path adapter, Path... clips)
      throws Exception {
    List<String> rows = Files.readAllLines(out.resolve("test_transcripts.tsv"));
    List<String> args =
        new ArrayList<>(
            List.of(
                "transcribe",
                "--model",
                WHISPER.toString(),
                "--adapter",
                adapter.toString(),
                "--json",
                "--max-new-tokens",
                "6"));
    Arrays.stream(clips).forEach(c -> args.add(c.toString()));
    String transcribed = Commands.run(args.toArray(String[]::new));
    List<String> lines = transcribed.lines().toList();
    assertEquals(clips.length, lines.size(), transcribed);
    for (int i = 0; i < clips.length; i++) {
      String[] row = rows.get(i + 1).split("\t", -1);
      assertEquals(row[2], textOf(lines.get(i)), "transcript of " + row[0]);
    }
    return lines;
  }

  private static String textOf(String jsonLine) {
    return JsonParser.parseString(jsonLine).getAsJsonObject().get("text").getAsString();
  }

  static Path wav(Path dir, String name, int samples) throws Exception {
    float[] wave = WavReader.read(WAV).toMono().channel(0);
    Path f = dir.resolve(name);
    WavWriter.write(f, AudioClip.mono(Arrays.copyOf(wave, samples), 16000), SampleFormat.PCM_S16);
    return f;
  }

  static void manifest(Path dir, String name, Object... pathsAndTexts) throws Exception {
    List<String> lines = new ArrayList<>(List.of("path,transcript"));
    for (int i = 0; i < pathsAndTexts.length; i += 2) {
      lines.add(pathsAndTexts[i] + "," + pathsAndTexts[i + 1]);
    }
    Files.write(dir.resolve(name), lines);
  }
}
