package dev.sure4j.speech.encoder;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AffineNormBlock;
import dev.sure4j.adapters.nn.LayerScope;
import dev.sure4j.adapters.nn.Ops;

/**
 * Group normalisation as PyTorch's {@code nn.GroupNorm}: channels split into groups, each group
 * normalised over its channels and time with the biased variance, then a per-channel {@code weight}
 * (ones) and {@code bias} (zeros). wav2vec2 and HuBERT use one group per channel.
 *
 * <p>Inputs: {@code x [batch, channels, time]} and optionally a mask {@code [batch, time]} (1 =
 * real sample); with a mask the statistics cover only the real positions of each utterance, so an
 * utterance gets the same result alone or zero-padded in a batch. Output {@code [batch, channels,
 * time]}.
 */
public final class GroupNormBlock extends AffineNormBlock {

  private static final byte VERSION = 1;

  private final int groups;

  /**
   * Creates a group norm.
   *
   * @param groups the number of groups; divides {@code channels}
   * @param channels the number of channels
   * @param eps the variance epsilon
   */
  public GroupNormBlock(int groups, int channels, float eps) {
    super(VERSION, "group norm", dividedInto(channels, groups), eps);
    this.groups = groups;
  }

  /** Checks that the groups divide the channels, before anything is made of them. */
  private static int dividedInto(int channels, int groups) {
    checkArgument(
        groups > 0 && channels > 0 && channels % groups == 0,
        "groups %s must divide channels %s",
        groups,
        channels);
    return channels;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.get(0);
    long batch = x.getShape().get(0);
    long time = x.getShape().get(2);
    NDArray g = x.reshape(batch, groups, channels / groups, time);
    NDList in = new NDList(g);
    if (inputs.size() > 1) {
      in.add(inputs.get(1).toType(x.getDataType(), false).reshape(batch, 1, 1, time));
    }
    // the statistics' full-size temporaries are freed as soon as the centred input and the
    // [batch, groups, 1, 1] deviations exist
    NDList stats = LayerScope.run(in, this::centredAndStd);
    NDArray y = stats.get(0).div(stats.get(1)).reshape(batch, channels, time);
    // input-first ops keep the per-batch results off the model's manager
    NDArray w = weight(store, x, training);
    NDArray b = bias(store, x, training);
    return new NDList(y.transpose(0, 2, 1).mul(w).add(b).transpose(0, 2, 1));
  }

  /**
   * Centres each group on its mean and computes its standard deviation, both over the real
   * positions when a mask is given.
   *
   * @param in the grouped input {@code [batch, groups, channels / groups, time]} and optionally the
   *     mask {@code [batch, 1, 1, time]} in the input's type
   * @return the input minus its group mean (every position, padded ones included) {@code [batch,
   *     groups, channels / groups, time]}, and {@code sqrt(biased variance + eps)} {@code [batch,
   *     groups, 1, 1]}
   */
  private NDList centredAndStd(NDList in) {
    NDArray g = in.get(0);
    long time = g.getShape().get(3);
    int[] axes = {2, 3};
    // sums rather than means: the engine's mean takes a single axis
    NDArray centred;
    NDArray var;
    if (in.size() > 1) {
      NDArray m = in.get(1);
      NDArray count = m.sum(axes, true).mul((float) (channels / groups));
      centred = g.sub(g.mul(m).sum(axes, true).div(count));
      var = centred.mul(centred).mul(m).sum(axes, true).div(count);
    } else {
      centred = g.sub(Ops.over(g.sum(axes, true), (float) (channels / groups * time)));
      var = Ops.over(centred.mul(centred).sum(axes, true), (float) (channels / groups * time));
    }
    return new NDList(centred, var.add(eps).sqrt());
  }
}
