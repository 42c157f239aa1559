package dev.sure4j.adapters.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.model.AdapterModel;
import dev.sure4j.adapters.nn.StateDict;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A simple checkpoint format: every parameter that trains while the adapter is active (adapter
 * blocks, head, and the base for full fine-tuning), by {@link StateDict} path, in one DJL {@link
 * NDList} file {@code weights.ndlist}. It is meant for training checkpoints and tests; the
 * published adapter file format lives elsewhere. Only float32 parameters are supported.
 */
public final class ParameterCheckpoints implements CheckpointWriter, CheckpointReader {

  /** The weights file inside a checkpoint directory. */
  public static final String FILE = "weights.ndlist";

  @Override
  public void write(AdapterModel model, String adapterName, Path dir) throws IOException {
    Map<String, Parameter> params = trainable(model, adapterName);
    try (NDManager m = NDManager.newBaseManager()) {
      NDList list = new NDList();
      for (Map.Entry<String, Parameter> e : params.entrySet()) {
        NDArray copy = e.getValue().getArray().duplicate();
        copy.attach(m);
        copy.setName(e.getKey());
        list.add(copy);
      }
      try (OutputStream out = Files.newOutputStream(dir.resolve(FILE))) {
        list.encode(out);
      }
    }
  }

  @Override
  public void read(AdapterModel model, String adapterName, Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    Map<String, Parameter> params = trainable(model, adapterName);
    try (NDManager m = NDManager.newBaseManager();
        InputStream in = Files.newInputStream(file)) {
      NDList list = NDList.decode(m, in);
      Map<String, float[]> values = new LinkedHashMap<>();
      for (NDArray a : list) {
        Parameter p = params.get(a.getName());
        if (p == null) {
          throw new IOException(
              String.format(
                  "%s: tensor %s is not a trainable parameter of adapter '%s'",
                  file, a.getName(), adapterName));
        }
        if (!a.getShape().equals(p.getArray().getShape()) || a.getDataType() != DataType.FLOAT32) {
          throw new IOException(
              String.format(
                  "%s: tensor %s has %s %s, the model expects %s %s",
                  file,
                  a.getName(),
                  a.getDataType(),
                  a.getShape(),
                  p.getArray().getDataType(),
                  p.getArray().getShape()));
        }
        values.put(a.getName(), a.toFloatArray());
      }
      if (!values.keySet().equals(params.keySet())) {
        throw new IOException(
            String.format(
                "%s: holds %s but the adapter '%s' trains %s",
                file, values.keySet(), adapterName, params.keySet()));
      }
      values.forEach((k, v) -> params.get(k).getArray().set(FloatBuffer.wrap(v)));
    }
  }

  private static Map<String, Parameter> trainable(AdapterModel model, String adapterName) {
    model.adapter(adapterName);
    return trainableByName(model);
  }

  /**
   * Lists the parameters that currently require gradients, by their dotted path, in model order.
   *
   * @param model the model, an {@link AdapterModel} or any other block
   * @return the trainable parameters by name
   */
  static Map<String, Parameter> trainableByName(Block model) {
    Map<String, Parameter> out = new LinkedHashMap<>();
    StateDict.of(model, "")
        .forEach(
            (k, p) -> {
              if (p.requiresGradient()) {
                out.put(k, p);
              }
            });
    return out;
  }
}
