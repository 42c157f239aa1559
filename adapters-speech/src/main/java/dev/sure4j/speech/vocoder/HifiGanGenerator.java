package dev.sure4j.speech.vocoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.NamedBlock;
import dev.sure4j.adapters.nn.Ops;
import dev.sure4j.speech.encoder.ModuleList;
import java.util.ArrayList;
import java.util.List;

/**
 * The HiFi-GAN generator (jik876/hifi-gan {@code models.Generator}): {@code conv_pre} (kernel 7,
 * mels to {@code upsample_initial_channel}); then for every upsampling layer {@code i}, leaky ReLU
 * 0.1, the transposed convolution {@code ups.i} (stride {@code upsample_rates[i]}, halving the
 * channels) and the mean of the {@code K} parallel residual blocks {@code resblocks.(i K + j)} (one
 * per {@code resblock_kernel_sizes} entry); finally leaky ReLU 0.01 (PyTorch's default slope, as in
 * the reference), {@code conv_post} (kernel 7, to one channel) and tanh.
 *
 * <p>Parameter paths equal the reference state-dict keys with weight norm folded: {@code
 * conv_pre.weight}, {@code ups.0.weight}, {@code resblocks.3.convs1.1.bias}, {@code
 * conv_post.weight}.
 *
 * <p>Input: a natural-log mel spectrogram {@code [batch, num_mels, frames]}. Output: the waveform
 * {@code [batch, frames * hop]} in {@code [-1, 1]}, where the hop is the product of the upsampling
 * rates.
 */
public final class HifiGanGenerator extends NamedBlock {

  private static final byte VERSION = 1;
  private static final int OUTER_KERNEL = 7;
  private static final float POST_SLOPE = 0.01f;

  private final HifiGanConfig config;
  private final AdaptableConv1d convPre;
  private final ModuleList<ConvTranspose1dBlock> ups;
  private final ModuleList<ResBlock> resblocks;
  private final AdaptableConv1d convPost;

  /**
   * Creates an uninitialised generator of a config's geometry.
   *
   * @param config the geometry
   */
  public HifiGanGenerator(HifiGanConfig config) {
    super(VERSION);
    this.config = config;
    int pad = OUTER_KERNEL / 2;
    int c0 = config.upsampleInitialChannel();
    convPre =
        addNamed(
            "conv_pre",
            AdaptableConv1d.builder()
                .setChannels(config.numMels(), c0)
                .setKernel(OUTER_KERNEL)
                .optPadding(pad)
                .optInjectionPoint(false)
                .build());
    List<ConvTranspose1dBlock> up = new ArrayList<>();
    List<ResBlock> res = new ArrayList<>();
    for (int i = 0; i < config.upsampleRates().size(); i++) {
      int u = config.upsampleRates().get(i);
      int k = config.upsampleKernelSizes().get(i);
      int ch = config.channelsAfter(i);
      up.add(new ConvTranspose1dBlock(ch * 2, ch, k, u, (k - u) / 2));
      for (int j = 0; j < config.resblockKernelSizes().size(); j++) {
        int rk = config.resblockKernelSizes().get(j);
        List<Integer> d = config.resblockDilationSizes().get(j);
        res.add(
            "1".equals(config.resblock()) ? new ResBlock1(ch, rk, d) : new ResBlock2(ch, rk, d));
      }
    }
    ups = addNamed("ups", new ModuleList<>(up));
    resblocks = addNamed("resblocks", new ModuleList<>(res));
    int last = config.channelsAfter(up.size() - 1);
    convPost =
        addNamed(
            "conv_post",
            AdaptableConv1d.builder()
                .setChannels(last, 1)
                .setKernel(OUTER_KERNEL)
                .optPadding(pad)
                .optInjectionPoint(false)
                .build());
  }

  /**
   * Returns the geometry.
   *
   * @return the config
   */
  public HifiGanConfig config() {
    return config;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = run(store, convPre, inputs.singletonOrThrow(), training);
    int kernels = config.resblockKernelSizes().size();
    for (int i = 0; i < ups.blocks().size(); i++) {
      x = run(store, ups.blocks().get(i), Activation.leakyRelu(x, ResBlock.LRELU_SLOPE), training);
      NDArray sum = null;
      for (int j = 0; j < kernels; j++) {
        NDArray r = run(store, resblocks.blocks().get(i * kernels + j), x, training);
        sum = sum == null ? r : sum.add(r);
      }
      x = Ops.over(sum, kernels);
    }
    x = run(store, convPost, Activation.leakyRelu(x, POST_SLOPE), training);
    return new NDList(x.tanh().squeeze(1));
  }

  private static NDArray run(ParameterStore store, Block b, NDArray x, boolean training) {
    return b.forward(store, new NDList(x), training).singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {new Shape(s.get(0), s.get(2) * config.hopLength())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape s = inputShapes[0];
    long batch = s.get(0);
    long frames = s.get(2);
    convPre.initialize(manager, dataType, s);
    int kernels = config.resblockKernelSizes().size();
    for (int i = 0; i < ups.blocks().size(); i++) {
      int ch = config.channelsAfter(i);
      ups.blocks().get(i).initialize(manager, dataType, new Shape(batch, ch * 2, frames));
      frames *= config.upsampleRates().get(i);
      for (int j = 0; j < kernels; j++) {
        resblocks
            .blocks()
            .get(i * kernels + j)
            .initialize(manager, dataType, new Shape(batch, ch, frames));
      }
    }
    convPost.initialize(
        manager, dataType, new Shape(batch, config.channelsAfter(ups.blocks().size() - 1), frames));
  }
}
