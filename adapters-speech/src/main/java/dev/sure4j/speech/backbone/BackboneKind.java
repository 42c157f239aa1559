package dev.sure4j.speech.backbone;

import dev.sure4j.adapters.AdapterSpec;
import dev.sure4j.adapters.model.AdapterMethods;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The encoder families a SURE task runs on, with the id {@code task.json} records. */
public enum BackboneKind {
  /** HuBERT or wav2vec2 ({@code dev.sure4j.speech.encoder.SpeechEncoder}). */
  HUBERT,
  /** Whisper's audio encoder ({@code dev.sure4j.speech.whisper.WhisperBackbone}). */
  WHISPER;

  /**
   * Returns the id written to {@code task.json}.
   *
   * @return {@code hubert} or {@code whisper}
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** HuBERT's feed-forward linears and self-attention, and Whisper's names for them. */
  private static final Map<String, String> WHISPER_NAMES =
      Map.of(
          "attention", "self_attn",
          "feed_forward.intermediate_dense", "fc1",
          "feed_forward.output_dense", "fc2",
          "intermediate_dense", "fc1",
          "output_dense", "fc2");

  /**
   * Resolves a preset spec's targets on this family: the SURE presets name HuBERT's modules, and on
   * Whisper the feed-forward linears {@code feed_forward.intermediate_dense} and {@code
   * feed_forward.output_dense} are {@code fc1} and {@code fc2}, and the self-attention that prefix
   * tuning targets, {@code attention}, is {@code self_attn} (the attention projections {@code
   * q_proj}, {@code k_proj}, {@code v_proj}, {@code out_proj} and the residual sites {@code
   * post_attention}, {@code post_ffn} have the same names). Plain names and the last name of a glob
   * (with a {@code feed_forward.} before it) are renamed, and so is every other field of the spec
   * that names a renamed target (IA3's {@code feedforward_modules}: {@code output_dense} becomes
   * {@code fc2}); a regular expression and a method without targets stay as they are.
   *
   * @param spec a spec of a preset ({@code AdapterMethods.variant(Preset.SURE, ...)})
   * @return the spec with this family's module names; {@code spec} itself when nothing changes
   */
  public AdapterSpec presetSpec(AdapterSpec spec) {
    if (this != WHISPER || spec.targets() == null || spec.targets().isRegex()) {
      return spec;
    }
    return AdapterMethods.withModulesRenamed(
        spec, BackboneKind::whisperName, spec.method() + " on Whisper");
  }

  /** Renames a module name or glob ending in a HuBERT feed-forward name, longest suffix first. */
  private static String whisperName(String module) {
    String best = null;
    for (String hubert : WHISPER_NAMES.keySet()) {
      boolean ends = module.equals(hubert) || module.endsWith("." + hubert);
      if (ends && (best == null || hubert.length() > best.length())) {
        best = hubert;
      }
    }
    return best == null
        ? module
        : module.substring(0, module.length() - best.length()) + WHISPER_NAMES.get(best);
  }

  /**
   * Finds a kind by its id.
   *
   * @param id {@code hubert} or {@code whisper}, any case
   * @return the kind, or empty for an unknown id
   */
  public static Optional<BackboneKind> find(String id) {
    return Arrays.stream(values()).filter(k -> k.id().equalsIgnoreCase(id)).findFirst();
  }
}
