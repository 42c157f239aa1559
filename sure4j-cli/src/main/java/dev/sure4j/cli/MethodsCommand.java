package dev.sure4j.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import dev.sure4j.adapters.full.FullFineTuneSpec;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.TransformerEncoder;
import dev.sure4j.adapters.nn.TransformerLayerConfig;
import dev.sure4j.adapters.prefix.PrefixSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./sure4j methods}: lists the methods with their SURE default parameter counts, measured by
 * building one transformer layer of the given geometry and counting what each default spec adds.
 */
@Command(
    name = "methods",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the adapter methods with the trainable parameters their SURE defaults add per"
          + " transformer layer and over all layers, counted on a real layer of the given size."
    })
public final class MethodsCommand implements Callable<Integer> {

  @Option(
      names = "--hidden",
      defaultValue = "1024",
      description = "Hidden size D (default: ${DEFAULT-VALUE}).")
  int hidden;

  @Option(
      names = "--ffn",
      defaultValue = "4096",
      description = "Feed-forward size (default: ${DEFAULT-VALUE}).")
  int ffn;

  @Option(
      names = "--heads",
      defaultValue = "16",
      description = "Attention heads (default: ${DEFAULT-VALUE}).")
  int heads;

  @Option(
      names = "--layers",
      defaultValue = "24",
      description = "Layers for the whole-encoder column (default: ${DEFAULT-VALUE}).")
  int layers;

  /**
   * Returns the SURE default spec of every method, by display name.
   *
   * @return an ordered map
   */
  static Map<String, AdapterSpec> defaults() {
    Map<String, AdapterSpec> m = new LinkedHashMap<>();
    m.put("ConvAdapter", ConvAdapterSpec.builder().build());
    m.put("LoRA", LoraSpec.builder().build());
    m.put("prefix tuning", PrefixSpec.builder().build());
    m.put("bottleneck", BottleneckSpec.builder().build());
    m.put("full fine-tuning", FullFineTuneSpec.all());
    return m;
  }

  /**
   * Counts the trainable parameters each default spec gives one layer.
   *
   * @param hidden {@code D}
   * @param heads the attention heads
   * @param ffn the feed-forward size
   * @return trainable scalars per layer, by display name, plus {@code "base layer"} for the layer
   */
  static Map<String, Long> perLayer(int hidden, int heads, int ffn) {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      TransformerEncoder layer =
          new TransformerEncoder(TransformerLayerConfig.of(hidden, heads, ffn), 1);
      layer.initialize(manager, DataType.FLOAT32, new Shape(1, 1, hidden));
      AdapterModel model = AdapterModel.wrap(layer);
      counts.put("base layer", model.trainableParameters().all());
      for (Map.Entry<String, AdapterSpec> e : defaults().entrySet()) {
        model.addAdapter("m", e.getValue());
        model.setActiveAdapters("m");
        counts.put(e.getKey(), model.trainableParameters().trainable());
        model.deleteAdapter("m");
      }
    }
    return counts;
  }

  @Override
  public Integer call() {
    Map<String, Long> counts = perLayer(hidden, heads, ffn);
    long base = counts.get("base layer");
    System.out.printf(
        Locale.ROOT,
        "SURE defaults at D=%d, FFN %d (a transformer layer has %,d parameters)%n%n",
        hidden,
        ffn,
        base);
    String format = "%-18s %12s %14s %8s  %s%n";
    System.out.printf(
        Locale.ROOT, format, "method", "per layer", layers + " layers", "share", "spec");
    for (Map.Entry<String, AdapterSpec> e : defaults().entrySet()) {
      long n = counts.get(e.getKey());
      boolean full = AdapterMethods.of(e.getValue()).ownsBaseTensors();
      System.out.printf(
          Locale.ROOT,
          format,
          e.getKey(),
          String.format(Locale.ROOT, "%,d", n),
          String.format(Locale.ROOT, "%,d", n * layers),
          String.format(Locale.ROOT, "%.2f%%", 100.0 * n / (full ? base : base + n)),
          describe(e.getValue()));
    }
    System.out.println();
    System.out.println(
        "share = trainable / (layer + adapter); heads are extra. Full fine-tuning trains the layer.");
    return 0;
  }

  private static <S extends AdapterSpec> String describe(S spec) {
    return AdapterMethods.of(spec).describe(spec);
  }
}
