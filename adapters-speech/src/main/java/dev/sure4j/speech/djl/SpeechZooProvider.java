package dev.sure4j.speech.djl;

import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooProvider;

/** Registers the {@link SpeechModelZoo} with DJL (listed in {@code META-INF/services}). */
public final class SpeechZooProvider implements ZooProvider {

  @Override
  public ModelZoo getModelZoo() {
    return new SpeechModelZoo();
  }
}
