package dev.sure4j.speech.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import dev.sure4j.speech.serving.AdapterServer;
import dev.sure4j.speech.tasks.SpeechSession;
import dev.sure4j.speech.tasks.SpeechTask;
import dev.sure4j.speech.tasks.TaskFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Loads a backbone with one task adapter as a DJL {@link ZooModel}, from the {@link Criteria}
 * arguments {@value #BACKBONE} (a Hugging Face HuBERT or wav2vec2 directory) and {@value #ADAPTER}
 * (an adapter directory with its {@code task.json}), each a {@link Path} or a path string.
 *
 * <p>The model's block is the backbone with the adapter active ({@code SpeechSession.model()}),
 * loaded on {@code Criteria.optDevice} (default: the engine's default device); the translator is a
 * {@link SpeechTranslator}, or the criteria's own translator when one is set. Closing the model
 * frees the backbone and the adapter. A failed load leaves nothing open.
 */
public final class SpeechModelLoader extends LocalModelLoader {

  /** The artifact id of this loader in the {@link SpeechModelZoo}. */
  public static final String ARTIFACT_ID = "speech-adapter";

  /** The argument naming the backbone directory. */
  public static final String BACKBONE = "backbone";

  /** The argument naming the adapter directory. */
  public static final String ADAPTER = "adapter";

  /** The engine the backbone runs on. */
  public static final String ENGINE = LocalModelLoader.ENGINE;

  /** Creates the loader. */
  public SpeechModelLoader() {
    super(ARTIFACT_ID);
  }

  /**
   * Loads the backbone and the adapter.
   *
   * @param criteria arguments {@value #BACKBONE} and {@value #ADAPTER}; optional device, engine
   *     (only {@value #ENGINE}), model name (default: the task's name) and translator
   * @return the model with its translator
   * @throws ModelNotFoundException when the arguments are missing (the criteria is not for this
   *     loader) or the criteria's translator factory fails
   * @throws IOException when a file of the backbone or the adapter cannot be read (the message
   *     names it)
   * @throws IllegalArgumentException for an input or output type that does not fit the adapter's
   *     task, or a device the engine does not have
   */
  @Override
  public <I, O> ZooModel<I, O> loadModel(Criteria<I, O> criteria)
      throws IOException, ModelNotFoundException {
    Map<String, Object> args = arguments(criteria, BACKBONE, ADAPTER);
    Path backbone = path(args.get(BACKBONE));
    Path adapter = path(args.get(ADAPTER));
    Engine engine = engine(criteria);
    Device device = device(criteria, engine);
    SpeechTask task = TaskFiles.load(adapter);
    SpeechTranslator.Builder translator = SpeechTranslator.builder().setTask(task);
    if (criteria.getTranslatorFactory() == null) {
      // fail on the types before the backbone is read
      SpeechInput.forType(criteria.getInputClass());
      SpeechOutputs.forType(criteria.getOutputClass(), task);
    }
    String name = criteria.getModelName() != null ? criteria.getModelName() : task.name();
    SpeechSession session = SpeechSession.open(backbone, device);
    Model model = null;
    try {
      session.load(name, adapter);
      session.model().setActiveAdapters(name);
      model = Model.newInstance(name, device, engine.getEngineName());
      model.getNDManager().attachInternal(UUID.randomUUID().toString(), session);
      model.setBlock(session.model());
      model.setProperty(BACKBONE, backbone.toString());
      model.setProperty(ADAPTER, adapter.toString());
      translator
          .setPipeline(session.audio())
          .optPadBatches(
              !AdapterServer.paddingChangesOutputs(session.model().adapter(name).spec()));
      return new ZooModel<>(
          model,
          translator(
              criteria,
              model,
              () -> translator.build(criteria.getInputClass(), criteria.getOutputClass())));
    } catch (IOException | ModelNotFoundException | RuntimeException e) {
      if (model != null) {
        model.close();
      }
      session.close();
      throw e;
    }
  }
}
