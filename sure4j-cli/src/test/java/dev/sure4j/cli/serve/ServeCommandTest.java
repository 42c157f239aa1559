package dev.sure4j.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.cli.SpeechFixtures;
import dev.sure4j.cli.Sure4j;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./sure4j serve} refuses, in one line and before loading the model, to open a non-loopback
 * address without a token, and refuses a token it could not compare safely; a Whisper directory
 * takes the Whisper path, which reserves the adapter name {@code base}.
 */
class ServeCommandTest {

  private record Run(int exit, String err) {}

  private static Run serve(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "serve",
                "--model",
                ServedAdapters.MODEL,
                "--adapter",
                "kws=target/no-such-adapter",
                "--port",
                "0"));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = Sure4j.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    return new Run(cli.execute(args), err.toString());
  }

  @Test
  void anOpenAddressWithoutATokenIsRefusedInOneLine() {
    Run r = serve("--host", "0.0.0.0");
    assertNotEquals(0, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("refusing to serve 0.0.0.0 without a token"), r.err());
    assertTrue(r.err().contains("--insecure-no-auth"), r.err());
  }

  @Test
  void aWhisperDirectoryServesWhisperAndReservesTheNameBase() {
    Run r =
        run(
            "serve",
            "--model",
            SpeechFixtures.resource("whisper", "tiny-random").toString(),
            "--adapter",
            "base=" + SpeechFixtures.resource("whisper", "lora"),
            "--port",
            "0");
    assertNotEquals(0, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("the adapter name 'base' is reserved"), r.err());
  }

  @Test
  void aTokenWithSpacesIsRefusedInOneLine() {
    Run r = serve("--token", "two words");
    assertNotEquals(0, r.exit());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("printable ASCII without spaces"), r.err());
  }
}
