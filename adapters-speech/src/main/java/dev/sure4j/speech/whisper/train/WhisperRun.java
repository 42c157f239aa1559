package dev.sure4j.speech.whisper.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The results of one Whisper training run, on the test split.
 *
 * @param method the method's name ({@code LORA}, ...)
 * @param where the stacks the adapter went into
 * @param wer word error rate of the adapted model, after {@link BasicTextNormalizer}
 * @param cer character error rate of the adapted model
 * @param werBefore word error rate of the unadapted model
 * @param cerBefore character error rate of the unadapted model
 * @param bestEvalLoss the best validation loss (the checkpoint kept), NaN without validation data
 * @param trainableParams parameters trained
 * @param totalParams all parameters, base and adapter
 * @param trainSeconds training time in seconds
 * @param steps optimizer steps
 * @param adapterDir the saved adapter directory (PEFT layout)
 */
public record WhisperRun(
    String method,
    WhisperWhere where,
    double wer,
    double cer,
    double werBefore,
    double cerBefore,
    double bestEvalLoss,
    long trainableParams,
    long totalParams,
    double trainSeconds,
    long steps,
    Path adapterDir) {

  /**
   * Returns the values of {@code metrics.json}.
   *
   * @return field name to value, in a fixed order ({@code wer_before} and {@code cer_before} only
   *     when the model was scored before training)
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task", "asr");
    m.put("method", method);
    m.put("where", where.name().toLowerCase(java.util.Locale.ROOT));
    m.put("wer", wer);
    m.put("cer", cer);
    if (!Double.isNaN(werBefore)) {
      // a model not scored before training (whisper-pretrain's random weights) has no such fields
      m.put("wer_before", werBefore);
      m.put("cer_before", cerBefore);
    }
    m.put("best_eval_loss", bestEvalLoss);
    m.put("trainable_params", trainableParams);
    m.put("total_params", totalParams);
    m.put("train_seconds", trainSeconds);
    m.put("steps", steps);
    m.put("adapter", adapterDir.toString());
    return m;
  }
}
