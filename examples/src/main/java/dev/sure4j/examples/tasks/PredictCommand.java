package dev.sure4j.examples.tasks;

import dev.sure4j.examples.DeviceOption;
import dev.sure4j.speech.tasks.SpeechSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./sure4j predict}: loads the backbone once and one or more task adapters beside it, then
 * prints every adapter's prediction for every audio file ({@code file<TAB>adapter<TAB>prediction}).
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = "Predict with one or more task adapters on one backbone.")
public final class PredictCommand implements Callable<Integer> {

  @Mixin BackboneOption backbone;

  @Mixin AdapterOption adapters;

  @Mixin DeviceOption device;

  @Option(names = "--merge", description = "Fold LoRA adapters into the weights while they run.")
  boolean merge;

  @Parameters(arity = "1..*", paramLabel = "AUDIO", description = "Audio files.")
  List<Path> audio;

  @Override
  public Integer call() throws Exception {
    System.setProperty("ai.djl.offline", "true");
    Map<String, Path> named = adapters.named();
    try (SpeechSession session = SpeechSession.open(backbone.path(), device.device())) {
      for (Map.Entry<String, Path> e : named.entrySet()) {
        session.load(e.getKey(), e.getValue());
        if (merge && session.model().adapter(e.getKey()).spec().method().equals("LORA")) {
          session.merge(e.getKey());
        }
      }
      Map<String, List<String>> predictions = new LinkedHashMap<>();
      for (String name : named.keySet()) {
        predictions.put(name, new ArrayList<>(session.predict(name, audio)));
      }
      for (int i = 0; i < audio.size(); i++) {
        for (String name : named.keySet()) {
          System.out.printf("%s\t%s\t%s%n", audio.get(i), name, predictions.get(name).get(i));
        }
      }
    }
    return 0;
  }
}
