package dev.sure4j.speech.djl;

import ai.djl.repository.zoo.ModelZoo;
import java.util.Set;

/**
 * The sure4j model zoo, group id {@value #GROUP_ID}: {@link SpeechModelLoader} loads a backbone
 * directory with a task adapter directory, {@link WhisperModelLoader} a Whisper directory. DJL
 * finds it through {@link SpeechZooProvider} ({@code
 * META-INF/services/ai.djl.repository.zoo.ZooProvider}), so a {@code Criteria} with the arguments
 * {@code backbone} and {@code adapter} loads from it.
 */
public final class SpeechModelZoo extends ModelZoo {

  /** The group id a {@code Criteria} may name with {@code optGroupId}. */
  public static final String GROUP_ID = "dev.sure4j.speech";

  /** Creates the zoo with its loaders. */
  public SpeechModelZoo() {
    addModel(new SpeechModelLoader());
    addModel(new WhisperModelLoader());
  }

  @Override
  public String getGroupId() {
    return GROUP_ID;
  }

  @Override
  public Set<String> getSupportedEngines() {
    return Set.of(SpeechModelLoader.ENGINE);
  }
}
