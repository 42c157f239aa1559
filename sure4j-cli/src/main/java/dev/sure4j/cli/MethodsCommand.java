package dev.sure4j.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.method.AdapterMethod;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.TransformerEncoder;
import dev.sure4j.adapters.nn.TransformerLayerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./sure4j methods}: lists the methods with their default parameter counts, measured by
 * building one transformer layer of the given geometry (the SURE geometry, HuBERT-large, by
 * default) and one of HuBERT-base, and counting what each default spec adds.
 */
@Command(
    name = "methods",
    description = {
      "Lists the adapter methods with the trainable parameters their defaults add per"
          + " transformer layer and over all layers, counted on a real layer of the given size"
          + " and on a HuBERT-base layer (D=768, FFN 3072, 12 heads, 12 layers)."
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

  /** HuBERT-base and wav2vec2-base: D, heads, FFN and layers. */
  static final int[] BASE = {768, 12, 3072, 12};

  /**
   * Returns every registered method's default variant specs ({@link Preset#DEFAULT}), by label.
   *
   * @return an ordered map
   */
  static Map<String, AdapterSpec> defaults() {
    Map<String, AdapterSpec> m = new LinkedHashMap<>();
    AdapterMethods.variants(Preset.DEFAULT).forEach(v -> m.put(v.label(), v.spec()));
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
    Map<String, Long> small = perLayer(BASE[0], BASE[1], BASE[2]);
    long base = counts.get("base layer");
    long smallBase = small.get("base layer");
    System.out.printf(
        Locale.ROOT,
        "Defaults at D=%d, FFN %d (a transformer layer has %,d parameters) and at HuBERT-base, D=%d,"
            + " FFN %d (%,d per layer)%n%n",
        hidden,
        ffn,
        base,
        BASE[0],
        BASE[2],
        smallBase);
    String format = "%-18s %-12s %12s %14s %8s %14s %8s  %-18s %s%n";
    System.out.printf(
        Locale.ROOT,
        format,
        "method",
        "--method",
        "per layer",
        layers + " layers",
        "share",
        "base, " + BASE[3] + " l.",
        "share",
        "can",
        "spec");
    for (MethodVariant v : AdapterMethods.variants(Preset.DEFAULT)) {
      long n = counts.get(v.label());
      long m = small.get(v.label());
      AdapterMethod<?> method = AdapterMethods.of(v.spec());
      System.out.printf(
          Locale.ROOT,
          format,
          v.label(),
          v.cliName(),
          String.format(Locale.ROOT, "%,d", n),
          String.format(Locale.ROOT, "%,d", n * layers),
          share(method, n, base),
          String.format(Locale.ROOT, "%,d", m * BASE[3]),
          share(method, m, smallBase),
          capabilities(method),
          describe(v.spec()));
    }
    System.out.println();
    System.out.println(
        "share = trainable / (layer + adapter); heads are extra. Full fine-tuning trains the layer."
            + " Counts are over the transformer layers; methods on convolutions add more.");
    System.out.println(
        "can: merge = folds into the weights (predict --merge); mix = rows of different adapters"
            + " share one batch; padding = outputs depend on padding, so serving batches equal"
            + " lengths.");
    return 0;
  }

  private static String share(AdapterMethod<?> method, long n, long base) {
    return String.format(
        Locale.ROOT, "%.2f%%", 100.0 * n / (method.ownsBaseTensors() ? base : base + n));
  }

  private static String capabilities(AdapterMethod<?> method) {
    List<String> can = new ArrayList<>();
    if (method.mergeable()) {
      can.add("merge");
    }
    if (method.mixesPerRow()) {
      can.add("mix");
    }
    if (method.paddingChangesOutputs()) {
      can.add("padding");
    }
    return can.isEmpty() ? "-" : String.join(",", can);
  }

  private static <S extends AdapterSpec> String describe(S spec) {
    return AdapterMethods.of(spec).describe(spec);
  }
}
