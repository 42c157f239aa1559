package dev.sure4j.cli.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.train.ParameterGroup;
import dev.sure4j.adapters.train.TrainingConfig;
import dev.sure4j.cli.SpeechFixtures;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code --loraplus-ratio}: from the command line to the training engine's parameter groups. */
class LoraPlusOptionTest {

  private static final String MODEL = Path.of("..", "models", "mini-hubert").toString();

  @TempDir Path tmp;

  @Command(name = "recipe")
  static final class Recipe {
    @Mixin TrainingRecipeOptions recipe;
  }

  private static TrainingConfig parse(String... args) {
    Recipe r = new Recipe();
    new CommandLine(r).parseArgs(args);
    return r.recipe.config(5e-3, 1, 16);
  }

  @Test
  void theRatioBecomesTheLearningRateFactorOfLoraB() {
    TrainingConfig c = parse("--lr", "1e-3", "--loraplus-ratio", "16");
    assertEquals(1e-3, c.learningRate());
    String b = "encoder.layers.0.attention.q_proj.adapters.a.lora_B.weight";
    String a = "encoder.layers.0.attention.q_proj.adapters.a.lora_A.weight";
    assertEquals(16.0, ParameterGroup.factorOf(c.parameterGroups(), b));
    assertEquals(1.0, ParameterGroup.factorOf(c.parameterGroups(), a));
    assertEquals(0, parse("--lr", "1e-3").parameterGroups().size(), "off by default");
  }

  /**
   * On a method without {@code lora_B} the group matches nothing, which the engine refuses: the
   * option reached it.
   */
  @Test
  void theEngineRefusesTheRatioForAMethodWithoutLoraB() throws IOException {
    Path corpus = tmp.resolve("corpus");
    SpeechFixtures.miniSubset(corpus, "kws", 8, 8);
    String text =
        Commands.trainRefused(
            MODEL,
            corpus.resolve("kws"),
            "--method",
            "bottleneck",
            "--loraplus-ratio",
            "4",
            "--max-steps",
            "1",
            "--out",
            tmp.resolve("out").toString());
    assertTrue(text.contains("parameter group lora_B matches no trainable parameter"), text);
  }
}
