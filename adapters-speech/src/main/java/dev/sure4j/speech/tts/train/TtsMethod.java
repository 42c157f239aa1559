package dev.sure4j.speech.tts.train;

import ai.djl.nn.Parameter;
import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.speech.tts.TtsAdapterSpecs;
import java.util.Locale;
import java.util.Optional;

/**
 * What trains in a TTS run: the whole model and aligner ({@link #BASE}), one of the adapter methods
 * at its SURE placement ({@link TtsAdapterSpecs}), or the speaker table alone ({@link #SPEAKER}).
 * An adaptation either keeps the alignment encoder frozen, so the base model's alignment gives the
 * durations, or trains it on the new voice alongside the method ({@link #freezing(TtsTrainingBlock,
 * Optional, boolean)}); the aligner only makes training targets, so it is never part of what an
 * adaptation saves.
 */
public enum TtsMethod {
  /** Base training: every parameter of the model and the aligner. */
  BASE,
  /** LoRA r = 8 on the query and value projections. */
  LORA,
  /** Bottleneck adapter after every FFN. */
  BOTTLENECK,
  /** ConvAdapter after every FFN. */
  CONVADAPTER,
  /** Prefix tuning on every attention. */
  PREFIX,
  /** Full fine-tuning of the acoustic model. */
  FULL,
  /** The speaker embedding table only. */
  SPEAKER;

  /**
   * Parses a method name, case-insensitively.
   *
   * @param name for example {@code lora}
   * @return the method
   * @throws IllegalArgumentException naming the methods for an unknown name
   */
  public static TtsMethod parse(String name) {
    for (TtsMethod m : values()) {
      if (m.name().equalsIgnoreCase(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown TTS method '"
            + name
            + "'; expected one of base, lora, bottleneck, convadapter, prefix, full, speaker");
  }

  /**
   * Returns the adapter this method attaches, if it attaches one.
   *
   * @return the spec, empty for {@link #BASE} and {@link #SPEAKER}
   */
  public Optional<AdapterSpec> spec() {
    return switch (this) {
      case LORA -> Optional.of(TtsAdapterSpecs.lora());
      case BOTTLENECK -> Optional.of(TtsAdapterSpecs.bottleneck());
      case CONVADAPTER -> Optional.of(TtsAdapterSpecs.convAdapter());
      case PREFIX -> Optional.of(TtsAdapterSpecs.prefix());
      case FULL -> Optional.of(TtsAdapterSpecs.full());
      case BASE, SPEAKER -> Optional.empty();
    };
  }

  /**
   * Returns the lower-case name used on the command line and in files.
   *
   * @return for example {@code lora}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns the freezing step of this method, to run after the engine's trainer exists.
   *
   * @param block the model and aligner
   * @param adapters the wrapped model with this method's adapter active, for adapter methods
   * @return the freezing step
   */
  public Runnable freezing(TtsTrainingBlock block, Optional<AdapterModel> adapters) {
    return switch (this) {
      case BASE -> () -> freezeAll(block, false);
      case SPEAKER ->
          () -> {
            freezeAll(block, true);
            StateDict.of(block.model(), "")
                .forEach((k, p) -> p.freeze(!k.startsWith("speaker_emb.")));
          };
      default ->
          () -> {
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
    if (!trainAligner || this == BASE) {
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
