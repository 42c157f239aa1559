package dev.sure4j.adapters.method;

/**
 * A yes-or-no property of an {@link AdapterMethod} that servers and trainers ask for instead of
 * naming the method. A {@link BaseAdapterMethod} declares the ones it has when it is created.
 */
public enum Capability {
  /**
   * Adapters run per row of a batch, so rows of different adapters share one backbone pass ({@link
   * AdapterMethod#mixesPerRow}, {@link dev.sure4j.adapters.mixed.MixedBatch}): each row's output
   * depends on that row and its own adapter alone.
   */
  MIXES_PER_ROW,
  /**
   * An utterance's outputs depend on the padding beside it in a batch ({@link
   * AdapterMethod#paddingChangesOutputs}).
   */
  PADDING_CHANGES_OUTPUTS,
  /**
   * An output position depends on other positions of the sequence (convolutions or a mean over
   * time; {@link AdapterMethod#mixesPositions}), so the method is refused at {@link
   * dev.sure4j.adapters.inject.AdapterHost#causal causal} hosts, decoded one position at a time.
   */
  MIXES_POSITIONS
}
