package dev.sure4j.adapters.nn;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.sure4j.adapters.inject.AdaptableModel;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A plain DJL {@link SequentialBlock}, rebuilt so that adapters can attach to it: the wrapping step
 * for models built from stock DJL blocks.
 *
 * <p>DJL's {@code getChildren()} returns a copy, so a block cannot be swapped inside a built model.
 * {@link #wrap} therefore rebuilds the sequence by name: children are named by position as
 * PyTorch's {@code nn.Sequential} names them ({@code 0}, {@code 1}, ...; a nested {@code
 * SequentialBlock} gives {@code 2.0}, {@code 2.1}, ...), every DJL {@link Linear} becomes an {@link
 * AdaptableLinear} with the same weight and bias (a LoRA injection point), every other block is
 * kept as it is (its parameters are shared, not copied), and a {@link ResidualSite} named {@code
 * post_<name>} follows each child named in {@code residualAfter} (a serial-adapter point for
 * bottleneck or ConvAdapter). With no adapter active the wrapped model computes exactly what the
 * original does.
 *
 * <pre>{@code
 * SequentialBlock mlp = new SequentialBlock()
 *     .add(Linear.builder().setUnits(64).build()).add(Activation::relu)
 *     .add(Linear.builder().setUnits(10).build());
 * mlp.initialize(manager, DataType.FLOAT32, new Shape(1, 32));
 * AdapterModel model = AdapterModel.wrap(AdaptableSequential.wrap(mlp, new Shape(1, 32), "1"));
 * model.addAdapter("task", LoraSpec.builder().optTargets(Targets.modules("0", "2")).build());
 * model.addAdapter("serial", BottleneckSpec.builder().optTargets(Targets.modules("post_1")).build());
 * }</pre>
 *
 * <p>Input and output: whatever the wrapped sequence takes and returns.
 */
public final class AdaptableSequential extends NamedBlock implements AdaptableModel {

  private static final byte VERSION = 1;

  private final List<Block> sequence = new ArrayList<>();

  private AdaptableSequential() {
    super(VERSION);
  }

  /**
   * Rebuilds an initialised sequential block with injection points.
   *
   * @param source an initialised {@code SequentialBlock} with float32 parameters
   * @param inputShape the shape of one input, e.g. {@code [1, features]}, to find each child's
   *     output size
   * @param residualAfter names of children ({@code "1"}, {@code "2.0"}) to follow with a residual
   *     site; their output's last axis is the site's size {@code D}
   * @return the wrapped model, initialised
   * @throws IllegalArgumentException when the source is not initialised or a name in {@code
   *     residualAfter} is not a child, naming the children that exist
   */
  public static AdaptableSequential wrap(
      SequentialBlock source, Shape inputShape, String... residualAfter) {
    checkArgument(source != null && source.isInitialized(), "initialise the SequentialBlock first");
    Set<String> wanted = new HashSet<>(List.of(residualAfter));
    List<String> seen = new ArrayList<>();
    AdaptableSequential out = rebuild(source, inputShape, "", wanted, seen);
    wanted.removeAll(seen);
    checkArgument(
        wanted.isEmpty(),
        "no child named %s to put a residual site after; children: %s",
        wanted,
        seen);
    return out;
  }

  private static AdaptableSequential rebuild(
      SequentialBlock source, Shape shape, String prefix, Set<String> wanted, List<String> seen) {
    AdaptableSequential out = new AdaptableSequential();
    Shape current = shape;
    int index = 0;
    for (Pair<String, Block> child : source.getChildren()) {
      String name = Integer.toString(index++);
      String path = prefix + name;
      seen.add(path);
      Block block = child.getValue();
      Block rebuilt;
      if (block instanceof SequentialBlock nested) {
        rebuilt = rebuild(nested, current, path + ".", wanted, seen);
      } else if (block instanceof Linear linear) {
        rebuilt = adaptable(linear, current, path);
      } else {
        rebuilt = block;
      }
      current = block.getOutputShapes(new Shape[] {current})[0];
      out.append(name, rebuilt);
      if (wanted.contains(path)) {
        int hidden = (int) current.get(current.dimension() - 1);
        out.append("post_" + name, new ResidualSite(hidden));
      }
    }
    return out;
  }

  private void append(String name, Block block) {
    sequence.add(addNamed(name, block));
  }

  private static AdaptableLinear adaptable(Linear linear, Shape input, String path) {
    Parameter weight = linear.getParameters().get("weight");
    Shape w = weight.getArray().getShape();
    checkArgument(
        weight.getArray().getDataType() == DataType.FLOAT32,
        "linear layer %s is %s; only float32 layers are wrapped",
        path,
        weight.getArray().getDataType());
    boolean withBias = linear.getParameters().contains("bias");
    AdaptableLinear a = new AdaptableLinear((int) w.get(1), (int) w.get(0), withBias);
    a.initialize(weight.getArray().getManager(), DataType.FLOAT32, input);
    copy(weight, a.weight());
    if (withBias) {
      copy(linear.getParameters().get("bias"), a.getParameters().get("bias"));
    }
    return a;
  }

  private static void copy(Parameter from, Parameter to) {
    to.getArray().set(FloatBuffer.wrap(from.getArray().toFloatArray()));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList x = inputs;
    for (Block b : sequence) {
      x = b.forward(store, x, training, params);
    }
    return x;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] s = inputShapes;
    for (Block b : sequence) {
      s = b.getOutputShapes(s);
    }
    return s;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] s = inputShapes;
    for (Block b : sequence) {
      b.initialize(manager, dataType, s);
      s = b.getOutputShapes(s);
    }
  }
}
