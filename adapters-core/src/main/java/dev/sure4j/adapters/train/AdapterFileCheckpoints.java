package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.sure4j.adapters.AdapterModel;
import dev.sure4j.adapters.io.AdapterFiles;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.io.SafetensorsReader;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checkpoints as shippable adapter directories: each checkpoint holds {@code adapter/} written by
 * {@link AdapterFiles#save} ({@code adapter_config.json} + {@code adapter_model.safetensors}, with
 * provenance), so {@code outputDir/best/adapter} is the trained adapter, ready for {@link
 * AdapterFiles#load}. Reading (for resume) copies the file's tensors into the adapter already on
 * the model, after checking every name and shape.
 */
public final class AdapterFileCheckpoints implements CheckpointWriter, CheckpointReader {

  /** The adapter directory inside a checkpoint directory. */
  public static final String ADAPTER_DIR = "adapter";

  private final Provenance provenance;

  /**
   * Creates the store.
   *
   * @param provenance what every saved adapter records (base model, data, seed)
   */
  public AdapterFileCheckpoints(Provenance provenance) {
    checkArgument(provenance != null, "provenance must not be null");
    this.provenance = provenance;
  }

  @Override
  public void write(AdapterModel model, String adapterName, Path dir) throws IOException {
    AdapterFiles.save(model, adapterName, dir.resolve(ADAPTER_DIR), provenance);
  }

  @Override
  public void read(AdapterModel model, String adapterName, Path dir) throws IOException {
    Path file = dir.resolve(ADAPTER_DIR).resolve(AdapterFiles.TENSOR_FILE);
    Map<String, Parameter> expected = model.adapter(adapterName).tensors();
    Map<Parameter, float[]> values = new LinkedHashMap<>();
    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      if (!reader.names().equals(expected.keySet())) {
        TreeSet<String> missing = new TreeSet<>(expected.keySet());
        missing.removeAll(reader.names());
        TreeSet<String> unexpected = new TreeSet<>(reader.names());
        unexpected.removeAll(expected.keySet());
        throw new IOException(
            String.format(
                "%s does not fit adapter '%s': missing %s, unexpected %s",
                file, adapterName, missing, unexpected));
      }
      for (Map.Entry<String, Parameter> e : expected.entrySet()) {
        Shape want = e.getValue().getArray().getShape();
        Shape have = reader.info(e.getKey()).shape();
        if (!want.equals(have)) {
          throw new IOException(
              String.format(
                  "%s: tensor %s has shape %s, the model expects %s",
                  file, e.getKey(), have, want));
        }
        values.put(e.getValue(), reader.readFloats(e.getKey()));
      }
    }
    values.forEach((p, v) -> p.getArray().set(FloatBuffer.wrap(v)));
  }
}
