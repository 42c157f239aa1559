package dev.sure4j.adapters.io;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * Where an adapter file came from, so that a result can be reproduced from its file: the sure4j
 * version that wrote it, the base model, a description of the training data, the random seed and
 * the creation time. Stored in the {@code sure4j} object of {@code adapter_config.json}.
 *
 * @param libraryVersion the sure4j version that wrote the file
 * @param baseModel the base model's name or path (Hugging Face id or local path), as PEFT's {@code
 *     base_model_name_or_path}
 * @param data a free-text description of the training data, if given
 * @param seed the random seed of the run, if given
 * @param created the creation time, whole milliseconds (UTC)
 */
public record Provenance(
    String libraryVersion,
    String baseModel,
    Optional<String> data,
    OptionalLong seed,
    Instant created) {

  private static final String VERSION_RESOURCE = "/dev/sure4j/adapters/version.properties";

  /** Validates the values. */
  public Provenance {
    checkArgument(
        libraryVersion != null && !libraryVersion.isBlank(), "library version must not be blank");
    checkArgument(baseModel != null && !baseModel.isBlank(), "base model must not be blank");
    checkArgument(data != null && seed != null, "use Optional.empty() for absent values");
    checkArgument(created != null, "creation time must not be null");
  }

  /**
   * Returns the version of this sure4j build, from the Maven-filtered {@code version.properties}.
   *
   * @return e.g. {@code 0.1.0-SNAPSHOT}
   * @throws IllegalStateException when the resource is missing (a broken build)
   */
  public static String currentLibraryVersion() {
    try (InputStream in = Provenance.class.getResourceAsStream(VERSION_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + VERSION_RESOURCE);
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "");
      if (v.isBlank() || v.contains("${")) {
        throw new IllegalStateException(VERSION_RESOURCE + " was not filtered: version=" + v);
      }
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns a builder; the library version and creation time default to this build and now.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Provenance}; the base model is required. */
  public static final class Builder {
    private String libraryVersion;
    private String baseModel;
    private String data;
    private Long seed;
    private Instant created;

    private Builder() {}

    /**
     * Sets the base model (required).
     *
     * @param baseModel a Hugging Face id such as {@code org/model-name}, or a path
     * @return this builder
     */
    public Builder setBaseModel(String baseModel) {
      this.baseModel = baseModel;
      return this;
    }

    /**
     * Describes the training data (default: none).
     *
     * @param data free text, e.g. {@code IEMOCAP sessions 1-4, 16 kHz}
     * @return this builder
     */
    public Builder optData(String data) {
      this.data = data;
      return this;
    }

    /**
     * Sets the run's random seed (default: none).
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Sets the creation time (default: now), truncated to milliseconds.
     *
     * @param created the time
     * @return this builder
     */
    public Builder optCreated(Instant created) {
      this.created = created;
      return this;
    }

    /**
     * Overrides the library version (default: {@link #currentLibraryVersion()}).
     *
     * @param libraryVersion the version
     * @return this builder
     */
    public Builder optLibraryVersion(String libraryVersion) {
      this.libraryVersion = libraryVersion;
      return this;
    }

    /**
     * Validates and builds the provenance.
     *
     * @return the provenance
     */
    public Provenance build() {
      return new Provenance(
          libraryVersion != null ? libraryVersion : currentLibraryVersion(),
          baseModel,
          Optional.ofNullable(data),
          seed == null ? OptionalLong.empty() : OptionalLong.of(seed),
          (created != null ? created : Instant.now()).truncatedTo(ChronoUnit.MILLIS));
    }
  }

  /**
   * Reads the provenance fields of the {@code sure4j} object of {@code adapter_config.json}.
   *
   * @param s the {@code sure4j} object
   * @return the provenance, or empty when a required field is missing
   */
  public static Optional<Provenance> fromJson(JsonObject s) {
    Optional<String> version = SpecFields.optString(s, "library_version");
    Optional<String> base = SpecFields.optString(s, "base_model");
    Optional<String> created = SpecFields.optString(s, "created");
    if (version.isEmpty() || base.isEmpty() || created.isEmpty()) {
      return Optional.empty();
    }
    JsonElement seed = s.get("seed");
    return Optional.of(
        new Provenance(
            version.get(),
            base.get(),
            SpecFields.optString(s, "data"),
            seed == null || seed.isJsonNull()
                ? OptionalLong.empty()
                : OptionalLong.of(seed.getAsBigDecimal().longValueExact()),
            Instant.parse(created.get())));
  }
}
