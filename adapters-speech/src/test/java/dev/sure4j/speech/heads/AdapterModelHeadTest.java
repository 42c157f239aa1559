package dev.sure4j.speech.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.OutputNames;
import dev.sure4j.adapters.lora.LoraSpec;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.TransformerEncoder;
import dev.sure4j.adapters.nn.TransformerLayerConfig;
import org.junit.jupiter.api.Test;

/**
 * The heads plugged into an {@link AdapterModel}: the frame mask, a model input named {@code
 * frame_mask}, reaches them apart from the base outputs.
 */
class AdapterModelHeadTest {

  /** The encoder's second input, named so that the head finds it among the extra inputs. */
  private static NDArray frameMask(NDArray mask) {
    mask.setName(OutputNames.FRAME_MASK);
    return mask;
  }

  @Test
  void classifierHeadOnAnAdaptedEncoderIsPaddingInvariant() {
    try (NDManager m = NDManager.newBaseManager()) {
      TransformerEncoder encoder = new TransformerEncoder(TransformerLayerConfig.of(8, 2, 16), 2);
      encoder.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8), new Shape(1, 3));
      AdapterModel model = AdapterModel.wrap(encoder);
      UtteranceClassifierHead head =
          UtteranceClassifierHead.builder()
              .setHiddenSize(8)
              .setNumClasses(3)
              .optProjectorSize(4)
              .build();
      head.initialize(m, DataType.FLOAT32, new Shape(1, 3, 8));
      model.addAdapter("emotion", LoraSpec.builder().build(), head);
      model.setActiveAdapters("emotion");
      ParameterStore store = new ParameterStore(m, false);

      NDArray alone = m.randomNormal(new Shape(1, 3, 8));
      NDArray logitsAlone =
          model.forward(store, new NDList(alone, frameMask(m.ones(new Shape(1, 3)))), false).head();
      NDArray batch =
          alone
              .concat(m.full(new Shape(1, 2, 8), 7f), 1)
              .concat(m.randomNormal(new Shape(1, 5, 8)), 0);
      NDArray mask = m.create(new float[] {1, 1, 1, 0, 0, 1, 1, 1, 1, 1}, new Shape(2, 5));
      NDArray logits = model.forward(store, new NDList(batch, frameMask(mask)), false).head();
      assertEquals(new Shape(2, 3), logits.getShape());
      float diff = logits.get("0:1").sub(logitsAlone).abs().max().getFloat();
      System.out.printf(
          "AdapterModel + classifier head padding invariance: max|diff| %.3e%n", diff);
      assertTrue(diff < 1e-5f, "padded logits differ by " + diff);
    }
  }
}
