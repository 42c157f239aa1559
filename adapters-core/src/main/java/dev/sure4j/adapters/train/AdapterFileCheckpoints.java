package dev.sure4j.adapters.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sure4j.adapters.files.AdapterFiles;
import dev.sure4j.adapters.io.ParameterFiles;
import dev.sure4j.adapters.io.Provenance;
import dev.sure4j.adapters.method.Adapter;
import dev.sure4j.adapters.model.AdapterModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checkpoints as shippable adapter directories: each checkpoint holds {@code adapter/} written by
 * {@link AdapterFiles#save} ({@code adapter_config.json} + {@code adapter_model.safetensors}, with
 * provenance), so {@code outputDir/best/adapter} is the trained adapter, ready for {@link
 * AdapterFiles#load}. Reading (for resume) copies the file's tensors into the adapter already on
 * the model, after checking every name and shape.
 *
 * <p>An adapter whose file is not its own parameters (LoRA started with PiSSA or OLoRA is written
 * as the equivalent rank-{@code 2r} LoRA against the untouched base) also gets its parameters in
 * {@link ParameterCheckpoints#FILE} beside {@code adapter/}; reading prefers that file.
 */
public final class AdapterFileCheckpoints implements CheckpointWriter, CheckpointReader {

  /** The adapter directory inside a checkpoint directory. */
  public static final String ADAPTER_DIR = "adapter";

  private final Provenance provenance;
  private final ParameterCheckpoints parameters = new ParameterCheckpoints();

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
    Adapter a = model.adapter(adapterName);
    if (!a.method().savedSpec(a).equals(a.spec())) {
      parameters.write(model, adapterName, dir);
    }
  }

  @Override
  public void read(AdapterModel model, String adapterName, Path dir) throws IOException {
    if (Files.exists(dir.resolve(ParameterCheckpoints.FILE))) {
      parameters.read(model, adapterName, dir);
      return;
    }
    Path file = dir.resolve(ADAPTER_DIR).resolve(AdapterFiles.TENSOR_FILE);
    ParameterFiles.readExact(
        file, model.adapter(adapterName).tensors(), "adapter '" + adapterName + "'");
  }
}
