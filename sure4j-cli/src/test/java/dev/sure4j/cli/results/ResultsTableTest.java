package dev.sure4j.cli.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results CSV round trip and the seed summary of the method x task table. */
class ResultsTableTest {

  @TempDir Path tmp;

  @Test
  void aCsvReadsBackToTheRowsThatWroteIt() throws IOException {
    List<MethodResult> rows =
        List.of(
            new MethodResult("ks", "LoRA", "accuracy", 0.875, 109_579, 1_044_000, 8.5, 0, 0.012, 1),
            new MethodResult("ctc", "LoRA", "cer", 0.4321, 80_000, 1_000_000, 30.25, 1, 0.012, 0.5),
            MethodResult.failed("ctc", "full fine-tuning", "cer", 2, 1.5e-3));
    Path csv = tmp.resolve("results.csv");
    ResultsTable.writeCsv(rows, csv);
    List<MethodResult> back = ResultsTable.readCsv(csv);
    assertEquals(3, back.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(rows.get(i).toCsv(), back.get(i).toCsv(), "row " + i);
    }
    // 109,579 / 1,044,000 = 10.4961 %: the share survives to the CSV's four decimals
    assertEquals(10.4961, back.get(0).trainablePercent(), 5e-5);
    assertTrue(Double.isNaN(back.get(2).score()));
  }

  @Test
  void aBrokenLineIsNamedByFileAndLineNumber() throws IOException {
    Path csv = tmp.resolve("results.csv");
    Files.writeString(
        csv,
        MethodResult.CSV_HEADER
            + "\nks,LoRA,accuracy,0.5,1,1.0,1.0,0,0.01,0.5\nks,LoRA,accuracy,high,1,1.0,1.0,0,0.01,0.5\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ResultsTable.readCsv(csv));
    assertEquals(csv + ": line 3: score is not a number: 'high'", e.getMessage());
    Files.writeString(csv, "task,method\nks,LoRA\n");
    e = assertThrows(IllegalArgumentException.class, () -> ResultsTable.readCsv(csv));
    assertTrue(
        e.getMessage().startsWith(csv + ": line 1 is not the results header"), e.getMessage());
  }

  @Test
  void severalSeedsShowTheirMeanAndSampleStandardDeviation() {
    // scores 0.80, 0.90, 0.70: mean 0.80, sample sd 0.10; CER 0.30, 0.50: mean 0.40, sd 0.1414
    List<MethodResult> rows =
        List.of(
            new MethodResult("ks", "LoRA", "accuracy", 0.80, 10, 1000, 1, 0, 0.01, 1),
            new MethodResult("ks", "LoRA", "accuracy", 0.90, 10, 1000, 1, 1, 0.01, 1),
            new MethodResult("ks", "LoRA", "accuracy", 0.70, 10, 1000, 1, 2, 0.01, 1),
            new MethodResult("ctc", "LoRA", "cer", 0.30, 10, 1000, 2, 0, 0.01, 1),
            new MethodResult("ctc", "LoRA", "cer", 0.50, 10, 1000, 2, 1, 0.01, 1));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ResultsTable.printByTask(rows, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("80.0±10.0%"), text);
    assertTrue(text.contains("0.400±0.141"), text);
    // mean column: (0.80 + (1 - 0.40)) / 2 = 70.0
    assertTrue(text.contains(" 70.0 "), text);
  }
}
