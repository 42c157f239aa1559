package dev.sure4j.speech.loading;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.nn.Parameter;
import java.io.IOException;

/** One parameter's copy: a plain tensor, or a weight-norm pair folded on the fly. */
record ParameterCopy(Parameter param, CheckpointTensor tensor, CheckpointTensor g) {

  void run() throws IOException {
    param.getArray().set(values());
  }

  /** Refuses NaN and infinite weights, naming the file, the tensor and the first bad index. */
  void checkFinite() throws IOException {
    float[] values = values();
    for (int i = 0; i < values.length; i++) {
      checkArgument(
          Float.isFinite(values[i]),
          "%s: tensor %s holds %s at flat index %s; non-finite weights are refused",
          tensor.file(),
          tensor.name(),
          values[i],
          i);
    }
  }

  private float[] values() throws IOException {
    float[] values = tensor.read();
    if (g != null) {
      values = WeightNorm.fold(g.read(), g.shape(), values, tensor.shape());
    }
    return values;
  }
}
