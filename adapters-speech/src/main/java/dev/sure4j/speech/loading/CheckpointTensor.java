package dev.sure4j.speech.loading;

import dev.sure4j.adapters.io.TensorDType;
import dev.sure4j.adapters.io.TensorFile;
import dev.sure4j.adapters.io.TensorInfo;
import java.io.IOException;
import java.nio.file.Path;

/** One tensor of one weight file, read lazily. */
record CheckpointTensor(TensorFile reader, TensorInfo info) {

  String name() {
    return info.name();
  }

  TensorDType dtype() {
    return info.dtype();
  }

  long[] shape() {
    return info.shape().getShape();
  }

  String shapeString() {
    return CopyPlan.shapeString(shape());
  }

  Path file() {
    return reader.file();
  }

  float[] read() throws IOException {
    return reader.readFloats(info.name());
  }
}
