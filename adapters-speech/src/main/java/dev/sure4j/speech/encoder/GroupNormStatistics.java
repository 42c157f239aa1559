package dev.sure4j.speech.encoder;

/**
 * Which positions the feature extractor's group norm ({@code feat_extract_norm = "group"}) takes
 * its statistics over when a batch has padding. Irrelevant for {@code "layer"} checkpoints, whose
 * norms are per frame, and for batches without lengths.
 */
public enum GroupNormStatistics {
  /**
   * Each utterance's real samples only (the default): a padded utterance gets the same outputs as
   * alone, and the same as Hugging Face or torchaudio give for it alone.
   */
  REAL_SAMPLES,
  /**
   * The whole padded row, zeros included, as Hugging Face and torchaudio do: batched outputs equal
   * theirs for the same padded batch, but depend on the padding.
   */
  PADDED_ROW
}
