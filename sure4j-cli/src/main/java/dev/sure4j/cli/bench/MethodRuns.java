package dev.sure4j.cli.bench;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.speech.device.Devices;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@link EncoderBench} for one method in a JVM of its own (same class path and thread
 * settings), so that the process's peak resident memory ({@code VmHWM}) belongs to that method
 * alone, on the given device, and returns its JSON line.
 */
final class MethodRuns {

  private MethodRuns() {}

  /**
   * Runs one method.
   *
   * @param method inference, full, lora, bottleneck, conv_adapter or prefix
   * @param repeats timed repetitions
   * @param device where the method runs
   * @return the parsed line: {@code median_ms}, {@code min_ms}, {@code trainable_params}, {@code
   *     peak_rss_mb}, ...
   * @throws IOException when the process fails or prints no result
   * @throws InterruptedException when interrupted while waiting
   */
  static JsonObject run(String method, int repeats, Device device)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dai.djl.offline=true");
    for (String key : List.of("ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads")) {
      if (System.getProperty(key) != null) {
        cmd.add("-D" + key + "=" + System.getProperty(key));
      }
    }
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            EncoderBench.class.getName(),
            method,
            Integer.toString(repeats),
            Devices.name(device)));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String result = null;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("{")) {
          result = line;
        }
      }
    }
    int code = p.waitFor();
    if (code != 0 || result == null) {
      throw new IOException("EncoderBench " + method + " exited with " + code + " and no result");
    }
    return JsonParser.parseString(result).getAsJsonObject();
  }
}
