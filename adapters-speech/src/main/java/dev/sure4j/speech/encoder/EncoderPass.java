package dev.sure4j.speech.encoder;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.OutputNames;
import dev.sure4j.adapters.nn.FrozenStages;
import dev.sure4j.adapters.nn.LayerScope;
import java.util.function.UnaryOperator;

/**
 * One forward pass of a {@link SpeechEncoder}: checks the waveforms and lengths, runs the feature
 * extractor, the projection, the frame hook and the transformer, and masks padded frames.
 */
final class EncoderPass {

  private EncoderPass() {}

  /**
   * Runs the encoder's stages.
   *
   * @param enc the encoder
   * @param store the parameter store of this pass
   * @param inputs waveforms {@code [batch, samples]} and optionally lengths {@code [batch]} int64
   *     or a sample mask {@code [batch, samples]}
   * @param training whether this is a training pass
   * @param params the block parameters of {@code forwardInternal}, or null
   * @param frameHook maps the projected features {@code [batch, frames, hidden]}
   * @param frozenStages the stages at the bottom cut from the graph (0 in inference)
   * @return {@code last_hidden_state}, the frame mask {@code [batch, frames]}, then the hidden
   *     states
   */
  static NDList run(
      SpeechEncoder enc,
      ParameterStore store,
      NDList inputs,
      boolean training,
      PairList<String, Object> params,
      UnaryOperator<NDArray> frameHook,
      int frozenStages) {
    NDArray waves = inputs.get(0);
    checkArgument(
        waves.getShape().dimension() == 2,
        "waveforms must be [batch, samples], got %s",
        waves.getShape());
    long batch = waves.getShape().get(0);
    long samples = waves.getShape().get(1);
    long[] lengths = null;
    if (inputs.size() > 1) {
      lengths = FrameMasks.lengths(inputs.get(1), batch, samples);
    }
    long[] frames = new long[(int) batch];
    for (int b = 0; b < batch; b++) {
      long n = lengths == null ? samples : lengths[b];
      checkArgument(
          n >= 0 && n <= samples, "utterance %s: length %s outside [0, %s]", b, n, samples);
      frames[b] = enc.config().frames(n);
      checkArgument(
          frames[b] > 0,
          "utterance %s has %s samples, fewer than the encoder's receptive field of %s samples",
          b,
          n,
          enc.config().receptiveField());
    }
    FrozenStages.Pass pass = FrozenStages.pass(frozenStages);
    NDList feIn = new NDList(waves);
    if (lengths != null) {
      feIn.add(waves.getManager().create(lengths));
    }
    NDArray features = enc.featureExtractor().forward(store, feIn, training).singletonOrThrow();
    if (lengths != null) {
      feIn.get(1).close();
    }
    features = pass.after(features);
    if (enc.isFeatureEncoderFrozen()) {
      features = FrozenStages.cut(features);
    }
    NDArray x =
        pass.after(
            LayerScope.consume(
                features,
                f ->
                    enc.featureProjection()
                        .forward(store, new NDList(f.transpose(0, 2, 1)), training)
                        .singletonOrThrow()));
    NDArray hooked = frameHook.apply(x);
    // an array a hook made is the hook's own; the encoder's own input to the transformer is
    // freed after it
    boolean own = hooked == x;
    long time = hooked.getShape().get(1);
    NDArray mask = FrameMasks.of(waves.getManager(), frames, time);
    NDList encIn = new NDList(hooked);
    if (lengths != null) {
      encIn.set(0, FrameMasks.zeroPadding(hooked, mask, own));
      encIn.add(mask);
      own = true;
    }
    NDList states = enc.encoder().forward(store, encIn, training, params, pass);
    if (own) {
      encIn.head().close();
    }
    if (lengths != null) {
      FrameMasks.zeroPadding(states, mask);
    }
    return OutputNames.encoderOutputs(mask, states);
  }
}
