package dev.sure4j.adapters.mixed;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.inject.InjectionPoint;
import dev.sure4j.adapters.inject.RowAdapters;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.model.AdapterMethods;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.model.HeadFeed;
import dev.sure4j.adapters.nn.AdaptableConv1d;
import dev.sure4j.adapters.nn.AdaptableLinear;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a batch whose rows use different adapters in one backbone pass, for inference.
 *
 * <p>Every host gets the batch's {@link RowAdapters}: a linear layer adds each LoRA update only to
 * the rows of its adapter, a residual site runs each bottleneck or convolutional adapter only on
 * its rows (gathered, run, scattered back in row order); rows whose adapter is not attached to a
 * host pass through it unchanged. Then each adapter's head runs on its own rows of the backbone's
 * outputs. Row {@code i} therefore gets what it gets in a pass of its own adapter alone, up to
 * float rounding (a convolutional adapter's squeeze averages over the padded frames, so equal
 * padding is needed for equal results, as in any batch).
 *
 * <p>Only adapters whose method {@link dev.sure4j.adapters.method.AdapterMethod#mixesPerRow mixes
 * per row} may appear: LoRA (unmerged), bottleneck, ConvAdapter and head-only probes. Prefix tuning
 * (the prefix is shared by every query of the pass), full fine-tuning and merged LoRA (both change
 * the shared weights) cannot mix: serve them as per-adapter groups. While any LoRA adapter is
 * merged, nothing mixes.
 */
public final class MixedBatch {

  private MixedBatch() {}

  /**
   * Tells whether an adapter can take part in a mixed batch: its method mixes per row and no
   * adapter of the model is merged into the base weights.
   *
   * @param model the model
   * @param adapter an adapter of the model
   * @return true when it can mix
   */
  public static boolean canMix(AdapterModel model, String adapter) {
    return AdapterMethods.of(model.adapter(adapter).spec()).mixesPerRow() && !anyMerged(model);
  }

  /**
   * Runs one mixed batch. Leaves no adapter active (as {@code setActiveAdapters()} with no names).
   *
   * @param model the model; no adapter merged
   * @param store the parameter store of this pass
   * @param inputs the model inputs, each {@code [batch, ...]}
   * @param rows the adapter of each row; {@code rows.batchSize()} must equal the batch
   * @return each adapter's outputs for its rows, in the order of {@link RowAdapters#adapters()}:
   *     its head's outputs, or the backbone's outputs for an adapter without a head, each {@code
   *     [groupRows, ...]} with rows in ascending batch order ({@link RowAdapters#rows})
   * @throws IllegalArgumentException for an unknown adapter, one that cannot mix, a merged adapter,
   *     or a batch size that does not match
   */
  public static Map<String, NDList> forward(
      AdapterModel model, ParameterStore store, NDList inputs, RowAdapters rows) {
    long batch = inputs.head().getShape().get(0);
    checkArgument(
        batch == rows.batchSize(),
        "the batch has %s rows but %s row adapters were given",
        batch,
        rows.batchSize());
    for (String name : rows.adapters()) {
      Adapter a = model.adapter(name);
      checkArgument(
          AdapterMethods.of(a.spec()).mixesPerRow(),
          "adapter '%s' (%s) cannot share a batch with other adapters: run it on its own",
          name,
          a.spec().method());
    }
    checkArgument(!anyMerged(model), "a LoRA adapter is merged: unmerge it before mixing adapters");
    if (!model.activeAdapters().isEmpty()) {
      model.setActiveAdapters();
    }
    NDList out;
    setRows(model, Optional.of(rows));
    try {
      out = model.base().forward(store, inputs, false);
    } finally {
      setRows(model, Optional.empty());
    }
    Map<String, NDList> groups = new LinkedHashMap<>();
    for (String name : rows.adapters()) {
      NDArray index = rows.index(name, inputs.head().getManager());
      Optional<Block> head = model.adapter(name).head();
      NDList selected = select(out, index);
      if (head.isPresent()) {
        selected =
            new HeadFeed(selected, select(inputs.subNDList(1), index))
                .run(head.get(), store, false, null);
      }
      groups.put(name, selected);
    }
    return groups;
  }

  private static NDList select(NDList arrays, NDArray index) {
    NDList out = new NDList();
    for (NDArray a : arrays) {
      NDArray rows = a.get(index);
      rows.setName(a.getName());
      out.add(rows);
    }
    return out;
  }

  private static void setRows(AdapterModel model, Optional<RowAdapters> rows) {
    for (InjectionPoint p : model.injectionPoints()) {
      p.host().setRowAdapters(rows);
    }
  }

  private static boolean anyMerged(AdapterModel model) {
    for (InjectionPoint p : model.injectionPoints()) {
      if (p.host() instanceof AdaptableLinear l && l.hasMerged()
          || p.host() instanceof AdaptableConv1d c && c.hasMerged()) {
        return true;
      }
    }
    return false;
  }
}
