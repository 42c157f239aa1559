package dev.sure4j.speech.djl;

import ai.djl.Application;
import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelLoader;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Progress;
import dev.sure4j.speech.device.Devices;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the loaders of the {@link SpeechModelZoo} share: local directories named by {@code Criteria}
 * arguments (nothing to download), the {@value #ENGINE} engine and the device check.
 */
abstract class LocalModelLoader implements ModelLoader {

  /** The engine the models run on. */
  static final String ENGINE = "PyTorch";

  private final String artifactId;

  LocalModelLoader(String artifactId) {
    this.artifactId = artifactId;
  }

  @Override
  public final String getGroupId() {
    return SpeechModelZoo.GROUP_ID;
  }

  @Override
  public final String getArtifactId() {
    return artifactId;
  }

  @Override
  public final Application getApplication() {
    return Application.UNDEFINED;
  }

  @Override
  public final MRL getMrl() {
    return MRL.undefined(
        Repository.newInstance(SpeechModelZoo.GROUP_ID, Path.of("")),
        SpeechModelZoo.GROUP_ID,
        artifactId);
  }

  /**
   * Returns the criteria's arguments after checking that the required ones are there.
   *
   * @param criteria the criteria
   * @param required the argument names this loader needs
   * @return the arguments
   * @throws ModelNotFoundException when one is missing: the criteria is not for this loader
   */
  static Map<String, Object> arguments(Criteria<?, ?> criteria, String... required)
      throws ModelNotFoundException {
    Map<String, Object> args = criteria.getArguments() == null ? Map.of() : criteria.getArguments();
    for (String name : required) {
      if (!args.containsKey(name)) {
        throw new ModelNotFoundException(
            "the sure4j speech zoo needs the arguments '"
                + String.join("' and '", required)
                + "' (directories); given: "
                + args.keySet());
      }
    }
    return args;
  }

  /** The criteria's engine, {@value #ENGINE} by default. */
  static Engine engine(Criteria<?, ?> criteria) {
    return Engine.getEngine(criteria.getEngine() != null ? criteria.getEngine() : ENGINE);
  }

  /** The criteria's device, checked against the engine; the engine's default by default. */
  static Device device(Criteria<?, ?> criteria, Engine engine) {
    return Devices.check(
        criteria.getDevice() != null ? criteria.getDevice() : engine.defaultDevice(), engine);
  }

  /** The criteria's translator when it names a factory, else this loader's own. */
  static <I, O> Translator<I, O> translator(
      Criteria<I, O> criteria, Model model, Supplier<Translator<I, O>> own)
      throws ModelNotFoundException {
    TranslatorFactory factory = criteria.getTranslatorFactory();
    if (factory == null) {
      return own.get();
    }
    try {
      return factory.newInstance(
          criteria.getInputClass(), criteria.getOutputClass(), model, criteria.getArguments());
    } catch (TranslateException e) {
      throw new ModelNotFoundException("the criteria's translator factory failed", e);
    }
  }

  static Path path(Object value) {
    return value instanceof Path p ? p : Path.of(value.toString());
  }

  /**
   * Says the model is present: the directories are read where they are.
   *
   * @param criteria the criteria
   * @return true
   */
  @Override
  public final <I, O> boolean isDownloaded(Criteria<I, O> criteria) {
    return true;
  }

  /**
   * Does nothing: the directories are local.
   *
   * @param criteria the criteria
   * @param progress unused
   */
  @Override
  public final <I, O> void downloadModel(Criteria<I, O> criteria, Progress progress) {}
}
