package dev.sure4j.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.Targets;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.model.ParameterReport;
import dev.sure4j.adapters.nn.TransformerEncoder;
import dev.sure4j.adapters.nn.TransformerLayerConfig;

/**
 * The code example of the README, compiled and run by the tests so that it keeps working. The text
 * between the {@code README:begin} and {@code README:end} markers is the README's snippet.
 */
public final class ReadmeExample {

  private ReadmeExample() {}

  /**
   * Runs the example and prints the parameter report.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    System.out.println(run());
  }

  /**
   * Wraps a small encoder, adds a LoRA adapter, runs it, merges it and runs it again.
   *
   * @return the trainable-parameter report and the largest output change made by merging
   */
  public static Result run() {
    try (NDManager manager = NDManager.newBaseManager()) {
      // README:begin
      // A 2-layer, 64-wide encoder; any AdaptableModel works the same way.
      TransformerEncoder encoder = new TransformerEncoder(TransformerLayerConfig.of(64, 4, 128), 2);
      encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 64));

      AdapterModel model = AdapterModel.wrap(encoder); // the encoder becomes the frozen base
      model.addAdapter(
          "emotion",
          LoraSpec.builder()
              .optRank(8)
              .optTargets(Targets.modules("q_proj", "v_proj").onLayers(0, 1))
              .build());
      model.setActiveAdapters("emotion"); // base frozen, LoRA trainable
      ParameterReport report = model.trainableParameters();
      System.out.println(report); // trainable params: 4,096 || all params: 71,040 || ...
      // ... train here with DJL's Trainer; call model.applyFreezing() after model.newTrainer(...)

      NDArray x = manager.randomNormal(new Shape(2, 50, 64)); // [batch, frames, hidden]
      NDArray y = model.forward(new ParameterStore(manager, false), new NDList(x), false).head();
      // fold (alpha/r)*B*A into q_proj and v_proj: no extra cost at inference
      model.merge("emotion");
      NDArray merged =
          model.forward(new ParameterStore(manager, false), new NDList(x), false).head();
      // README:end
      float maxDiff = y.sub(merged).abs().max().getFloat();
      return new Result(report, maxDiff);
    }
  }

  /**
   * What the example produced.
   *
   * @param report the trainable-parameter report with the LoRA adapter active
   * @param mergeMaxAbsDiff the largest absolute difference between unmerged and merged outputs
   */
  public record Result(ParameterReport report, float mergeMaxAbsDiff) {}
}
