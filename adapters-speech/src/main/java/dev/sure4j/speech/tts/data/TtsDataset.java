package dev.sure4j.speech.tts.data;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDManager;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * The features of a list of utterances, computed once when the data set is made, so that every
 * epoch reuses them, with random batches for training.
 */
public final class TtsDataset {

  private final List<TtsUtterance> utterances;
  private final List<UtteranceFeatures> features;

  private TtsDataset(List<TtsUtterance> utterances, List<UtteranceFeatures> features) {
    this.utterances = ImmutableList.copyOf(utterances);
    this.features = ImmutableList.copyOf(features);
  }

  /**
   * Computes the features of every utterance.
   *
   * @param featurizer the feature settings
   * @param utterances the utterances, at least one
   * @param speakerId the speaker id of each utterance
   * @return the data set
   * @throws IOException when an audio file cannot be read
   */
  public static TtsDataset compute(
      TtsFeaturizer featurizer,
      List<TtsUtterance> utterances,
      ToIntFunction<TtsUtterance> speakerId)
      throws IOException {
    return compute(featurizer, utterances, speakerId, Optional.empty());
  }

  /**
   * Computes the features of every utterance, or reads them from a cache directory.
   *
   * @param featurizer the feature settings
   * @param utterances the utterances, at least one
   * @param speakerId the speaker id of each utterance
   * @param cache where computed features are kept between runs, if anywhere
   * @return the data set
   * @throws IOException when an audio or cache file cannot be read or written
   */
  public static TtsDataset compute(
      TtsFeaturizer featurizer,
      List<TtsUtterance> utterances,
      ToIntFunction<TtsUtterance> speakerId,
      Optional<FeatureCache> cache)
      throws IOException {
    checkArgument(!utterances.isEmpty(), "a TTS data set needs at least one utterance");
    List<UtteranceFeatures> out = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager()) {
      for (TtsUtterance u : utterances) {
        int speaker = speakerId.applyAsInt(u);
        FeatureCache.Computation compute = () -> featurizer.compute(m, u, speaker);
        out.add(
            cache.isPresent() ? cache.get().get(featurizer, u, speaker, compute) : compute.run());
      }
    }
    return new TtsDataset(utterances, out);
  }

  /**
   * Returns the utterances, in the order of {@link #features()}.
   *
   * @return an immutable list
   */
  public List<TtsUtterance> utterances() {
    return utterances;
  }

  /**
   * Returns the features of every utterance.
   *
   * @return an immutable list
   */
  public List<UtteranceFeatures> features() {
    return features;
  }

  /**
   * Returns the number of utterances.
   *
   * @return the size
   */
  public int size() {
    return features.size();
  }

  /**
   * Draws a batch of distinct utterances (all of them when the batch is larger than the set).
   *
   * @param manager where the arrays are created
   * @param random the random source
   * @param batchSize the utterances wanted, &gt; 0
   * @param stats the z-score statistics
   * @return the padded batch
   */
  public TtsBatch sample(NDManager manager, Random random, int batchSize, FeatureStats stats) {
    checkArgument(batchSize > 0, "batch size must be > 0: %s", batchSize);
    List<UtteranceFeatures> pool = new ArrayList<>(features);
    List<UtteranceFeatures> chosen = new ArrayList<>();
    while (chosen.size() < batchSize && !pool.isEmpty()) {
      chosen.add(pool.remove(random.nextInt(pool.size())));
    }
    return TtsBatch.of(manager, chosen, stats);
  }

  /**
   * Makes the random draws of {@code batches} calls of {@link #sample} without building the
   * batches, so that a resumed run continues with the batches an uninterrupted one would draw.
   *
   * @param random the random source
   * @param batchSize the utterances per batch, &gt; 0
   * @param batches the batches to skip, &gt;= 0
   */
  public void skip(Random random, int batchSize, long batches) {
    checkArgument(batchSize > 0 && batches >= 0, "batch size %s, batches %s", batchSize, batches);
    int n = Math.min(batchSize, features.size());
    for (long b = 0; b < batches; b++) {
      for (int i = 0; i < n; i++) {
        random.nextInt(features.size() - i);
      }
    }
  }
}
