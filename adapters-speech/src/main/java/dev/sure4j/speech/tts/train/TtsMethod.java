package dev.sure4j.speech.tts.train;

import ai.djl.nn.Parameter;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.method.MethodVariant;
import dev.sure4j.adapters.method.Preset;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.StateDict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What trains in a TTS run: the whole model and aligner ({@link #BASE}), one adapter method at its
 * SURE TTS placement (the {@link Preset#TTS} variants every registered method offers), or the
 * speaker table alone ({@link #SPEAKER}). An adaptation either keeps the alignment encoder frozen,
 * so the base model's alignment gives the durations, or trains it on the new voice alongside the
 * method ({@link #freezing(TtsTrainingBlock, Optional, boolean)}); the aligner only makes training
 * targets, so it is never part of what an adaptation saves.
 *
 * @param id the command-line name, e.g. {@code lora}, also used in file names
 * @param label the name printed in tables, e.g. {@code LoRA}
 * @param spec the adapter it attaches, empty for {@link #BASE} and {@link #SPEAKER}
 * @param learningRate the peak AdamW learning rate when none is given
 */
public record TtsMethod(String id, String label, Optional<AdapterSpec> spec, double learningRate) {

  /** Base training: every parameter of the model and the aligner. */
  public static final TtsMethod BASE =
      new TtsMethod("base", "base training", Optional.empty(), 1e-3);

  /** The speaker embedding table only. */
  public static final TtsMethod SPEAKER =
      new TtsMethod("speaker", "speaker embedding", Optional.empty(), 5e-3);

  /**
   * Returns every TTS method: base training, each registered adapter method's TTS variant, and the
   * speaker table.
   *
   * @return the methods, base first
   */
  public static List<TtsMethod> values() {
    List<TtsMethod> all = new ArrayList<>();
    all.add(BASE);
    for (MethodVariant v : AdapterMethods.variants(Preset.TTS)) {
      all.add(of(v));
    }
    all.add(SPEAKER);
    return all;
  }

  /**
   * Parses a method name: an id, a table label or an adapter variant's alias, case-insensitively.
   *
   * @param name for example {@code lora}
   * @return the method
   * @throws IllegalArgumentException naming the methods for an unknown name
   */
  public static TtsMethod parse(String name) {
    for (TtsMethod m : List.of(BASE, SPEAKER)) {
      if (m.id.equalsIgnoreCase(name) || m.label.equalsIgnoreCase(name)) {
        return m;
      }
    }
    for (MethodVariant v : AdapterMethods.variants(Preset.TTS)) {
      if (v.matches(name)) {
        return of(v);
      }
    }
    throw new IllegalArgumentException(
        "unknown TTS method '"
            + name
            + "'; expected one of "
            + values().stream().map(TtsMethod::id).collect(Collectors.joining(", ")));
  }

  private static TtsMethod of(MethodVariant v) {
    return new TtsMethod(v.cliName(), v.label(), Optional.of(v.spec()), v.learningRate());
  }

  /**
   * Tells whether this method attaches an adapter.
   *
   * @return false for {@link #BASE} and {@link #SPEAKER}
   */
  public boolean isAdapter() {
    return spec.isPresent();
  }

  /**
   * Returns the freezing step of this method, to run after the engine's trainer exists.
   *
   * @param block the model and aligner
   * @param adapters the wrapped model with this method's adapter active, for adapter methods
   * @return the freezing step
   */
  public Runnable freezing(TtsTrainingBlock block, Optional<AdapterModel> adapters) {
    if (this.equals(BASE)) {
      return () -> freezeAll(block, false);
    }
    if (this.equals(SPEAKER)) {
      return () -> {
        freezeAll(block, true);
        StateDict.of(block.model(), "").forEach((k, p) -> p.freeze(!k.startsWith("speaker_emb.")));
      };
    }
    return () -> {
      adapters
          .orElseThrow(() -> new IllegalStateException(id() + " needs its adapter attached"))
          .applyFreezing();
      StateDict.of(block.aligner(), "").values().forEach(p -> p.freeze(true));
      // full fine-tuning unfreezes the postnet's batch norm, whose running statistics
      // libtorch refuses to differentiate
      StateDict.of(block.model(), "").values().stream()
          .filter(TtsMethod::running)
          .forEach(p -> p.freeze(true));
    };
  }

  /**
   * Returns the freezing step of this method that also leaves the alignment encoder trainable or
   * not, to run after the engine's trainer exists.
   *
   * @param block the model and aligner
   * @param adapters the wrapped model with this method's adapter active, for adapter methods
   * @param trainAligner whether every aligner parameter trains (always for {@link #BASE})
   * @return the freezing step
   */
  public Runnable freezing(
      TtsTrainingBlock block, Optional<AdapterModel> adapters, boolean trainAligner) {
    Runnable method = freezing(block, adapters);
    if (!trainAligner || this.equals(BASE)) {
      return method;
    }
    return () -> {
      method.run();
      StateDict.of(block.aligner(), "").values().forEach(p -> p.freeze(running(p)));
    };
  }

  /** Freezes or unfreezes every parameter; batch-norm running statistics always stay frozen. */
  private static void freezeAll(TtsTrainingBlock block, boolean frozen) {
    StateDict.of(block, "").values().forEach((Parameter p) -> p.freeze(frozen || running(p)));
  }

  private static boolean running(Parameter p) {
    return p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
  }
}
