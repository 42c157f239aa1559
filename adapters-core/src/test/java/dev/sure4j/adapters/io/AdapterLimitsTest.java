package dev.sure4j.adapters.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.files.AdapterConfig;
import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.prefix.PrefixSpec;
import dev.sure4j.adapters.testing.ManagedTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Absurd adapter sizes are refused in one line before anything is allocated: a size field of a file
 * over {@link InputLimits#maxAdapterSize()}, and an adapter whose parameters would pass {@link
 * InputLimits#maxTensorBytes()}.
 */
class AdapterLimitsTest extends ManagedTest {

  @TempDir Path tmp;

  @Test
  void aHugeRankInAnAdapterFileIsRefusedBeforeTheModelChanges() throws Exception {
    AdapterModel source = TestModels.model(manager);
    source.addAdapter("task", LoraSpec.builder().optRank(4).build());
    Path dir = tmp.resolve("task");
    AdapterFiles.save(
        source, "task", dir, Provenance.builder().setBaseModel("test/tiny-encoder").build());
    Path config = dir.resolve(AdapterConfig.FILE_NAME);
    Files.writeString(config, Files.readString(config).replace("\"r\": 4", "\"r\": 100000000"));
    AdapterModel target = TestModels.model(manager);
    String message = refusedQuickly(() -> AdapterFiles.load(target, dir, "evil"));
    assertEquals(config + ": field 'r' is 100000000, more than the limit of 8192", message);
    assertTrue(target.adapters().isEmpty());
  }

  @Test
  void aPeftConfigIsBoundedAndTheLimitCanBeRaised() {
    String json =
        "{\"peft_type\": \"LORA\", \"r\": 9000, \"lora_alpha\": 16, \"target_modules\": [\"q_proj\"]}";
    String message = refusedQuickly(() -> AdapterConfig.fromJson(json, "peft.json"));
    assertEquals("peft.json: field 'r' is 9000, more than the limit of 8192", message);
    InputLimits raised = InputLimits.builder().optMaxAdapterSize(16384).build();
    LoraSpec spec = (LoraSpec) AdapterConfig.fromJson(json, "peft.json", raised).spec();
    assertEquals(9000, spec.rank());
  }

  @Test
  void otherSizeFieldsAreBoundedToo() {
    PrefixSpec prefix = PrefixSpec.builder().optLength(5).optReparameterize(16).build();
    String json =
        AdapterConfig.of(
                prefix,
                Provenance.builder().setBaseModel("test/tiny-encoder").build(),
                null,
                List.of())
            .toJson();
    for (String field : List.of("num_virtual_tokens", "encoder_hidden_size")) {
      String evil = json.replaceAll("\"" + field + "\": \\d+", "\"" + field + "\": 2000000000");
      String message = refusedQuickly(() -> AdapterConfig.fromJson(evil, "prefix.json"));
      assertEquals(
          "prefix.json: field '" + field + "' is 2000000000, more than the limit of 8192", message);
    }
  }

  @Test
  void anAdapterLargerThanTheTensorLimitIsRefusedBeforeItsBlocksAreBuilt() {
    AdapterModel m = TestModels.model(manager);
    LoraSpec huge = LoraSpec.builder().optRank(50_000_000).build();
    String message = refusedQuickly(() -> m.addAdapter("huge", huge));
    assertTrue(message.startsWith("adapter 'huge' (LORA r=50000000, alpha=1, q_proj,"), message);
    assertTrue(
        message.endsWith(
            "would have 44800000000 parameters at 12 points, more than the limit of 536870912"
                + " (2147483648 bytes as float32)"),
        message);
    assertTrue(m.adapters().isEmpty());
    m.addAdapter("fine", LoraSpec.builder().optRank(8).build());
    assertEquals(List.of("fine"), List.copyOf(m.adapters().keySet()));
  }

  private static String refusedQuickly(Executable call) {
    long start = System.nanoTime();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println(e.getMessage() + " (" + millis + " ms)");
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(millis < 1000, "took " + millis + " ms");
    return e.getMessage();
  }
}
