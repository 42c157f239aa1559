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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void trainsScoresAndTheAdapterTranscribesAsEvaluated() throws Exception {
    Path data = dir.resolve("asr");
    Files.createDirectories(data);
    Path a = wav(data, "a.wav", 12800);
    Path b = wav(data, "b.wav", 8000);
    Path c = wav(data, "c.wav", 10400);
    manifest(data, "train.csv", a, "hello world", b, "the quick brown fox");
    manifest(data, "val.csv", a, "hello world");
    manifest(data, "test.csv", a, "hello world", c, "she sells sea shells");
    Path out = dir.resolve("out");
    String printed =
        Commands.run(
            "train",
            "--task",
            "asr",
            "--model",
            WHISPER.toString(),
            "--data",
            data.toString(),
            "--method",
            "lora",
            "--out",
            out.toString(),
            "--max-steps",
            "6",
            "--lr",
            "0.01",
            "--warmup",
            "0",
            "--eval-every",
            "1",
            "--batch-size",
            "2",
            "--max-new-tokens",
            "6",
            "--label-smoothing",
            "0.1");
    assertTrue(printed.contains("test wer"), printed);

    JsonObject metrics = Commands.json(out.resolve("metrics.json"));
    for (String k : List.of("wer", "cer", "wer_before", "cer_before")) {
      assertTrue(metrics.has(k), k + " missing from " + metrics);
      assertTrue(metrics.get(k).getAsDouble() >= 0, k + " " + metrics);
    }
    assertEquals("both", metrics.get("where").getAsString());

    List<String> evals = Files.readAllLines(out.resolve("training/eval_log.csv"));
    int col = Arrays.asList(evals.get(0).split(",")).indexOf("eval_loss");
    double first = Double.parseDouble(evals.get(1).split(",")[col]);
    double last = Double.parseDouble(evals.get(evals.size() - 1).split(",")[col]);
    System.out.printf("validation loss: step 1 %.4f, step 6 %.4f%n", first, last);
    assertTrue(last < first - 0.3, "validation loss did not fall: " + evals);

    Path adapter = out.resolve("adapter");
    try (SafetensorsReader r =
        SafetensorsReader.open(adapter.resolve("adapter_model.safetensors"))) {
      assertTrue(
          r.names().stream()
              .allMatch(n -> n.startsWith("base_model.model.model.") && n.contains(".lora_")),
          r.names().toString());
    }

    List<String> rows = Files.readAllLines(out.resolve("test_transcripts.tsv"));
    assertEquals(3, rows.size(), rows.toString());
    String transcribed =
        Commands.run(
            "transcribe",
            "--model",
            WHISPER.toString(),
            "--adapter",
            adapter.toString(),
            "--json",
            "--max-new-tokens",
            "6",
            a.toString(),
            c.toString());
    List<String> lines = transcribed.lines().toList();
    assertEquals(2, lines.size(), transcribed);
    for (int i = 0; i < 2; i++) {
      String[] row = rows.get(i + 1).split("\t", -1);
      assertEquals(row[2], textOf(lines.get(i)), "transcript of " + row[0]);
    }
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
