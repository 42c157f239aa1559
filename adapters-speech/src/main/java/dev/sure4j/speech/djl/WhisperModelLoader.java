package dev.sure4j.speech.djl;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import dev.sure4j.speech.whisper.WhisperBeamSearch;
import dev.sure4j.speech.whisper.WhisperDecoding;
import dev.sure4j.speech.whisper.WhisperGenerationConfig;
import dev.sure4j.speech.whisper.WhisperGreedyDecoder;
import dev.sure4j.speech.whisper.WhisperModel;
import dev.sure4j.speech.whisper.WhisperSession;
import dev.sure4j.speech.whisper.WhisperTokenizer;
import dev.sure4j.speech.whisper.WhisperTranscriber;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Loads a Hugging Face Whisper directory as a DJL {@link ZooModel} from the {@link Criteria}
 * argument {@value #WHISPER} (a {@link Path} or a path string), with optionally {@value
 * SpeechModelLoader#ADAPTER} (a LoRA directory, PEFT or sure4j layout, made active), {@value
 * #BEAMS} (beam search with that many beams; greedy by default) and {@value #MAX_NEW_TOKENS}.
 *
 * <p>The model's block is the encoder, the translator a {@link WhisperTranslator} (input {@link
 * Path}, {@link ai.djl.modality.audio.Audio} or {@code float[]}; output {@link String} or {@link
 * dev.sure4j.speech.whisper.WhisperTranscript}), or the criteria's own. Closing the model frees the
 * whole Whisper model. A failed load leaves nothing open.
 */
public final class WhisperModelLoader extends LocalModelLoader {

  /** The artifact id of this loader in the {@link SpeechModelZoo}. */
  public static final String ARTIFACT_ID = "whisper";

  /** The argument naming the Whisper directory. */
  public static final String WHISPER = "whisper";

  /** The argument giving the number of beams. */
  public static final String BEAMS = "beams";

  /** The argument bounding the generated tokens per 30 s window (default 448). */
  public static final String MAX_NEW_TOKENS = "maxNewTokens";

  /** Creates the loader. */
  public WhisperModelLoader() {
    super(ARTIFACT_ID);
  }

  /**
   * Loads the model, the adapter when given, and the translator.
   *
   * @param criteria argument {@value #WHISPER}, optionally {@value SpeechModelLoader#ADAPTER} and
   *     {@value #BEAMS}; optional device, engine (only PyTorch), model name and translator
   * @return the model with its translator
   * @throws ModelNotFoundException when {@value #WHISPER} is missing (the criteria is not for this
   *     loader) or the criteria's translator factory fails
   * @throws IOException when a file cannot be read (the message names it)
   * @throws IllegalArgumentException for an input or output type that does not fit, or a device the
   *     engine does not have
   */
  @Override
  public <I, O> ZooModel<I, O> loadModel(Criteria<I, O> criteria)
      throws IOException, ModelNotFoundException {
    Map<String, Object> args = arguments(criteria, WHISPER);
    Path dir = path(args.get(WHISPER));
    Engine engine = engine(criteria);
    Device device = device(criteria, engine);
    if (criteria.getTranslatorFactory() == null) {
      // fail on the types before the model is read
      SpeechInput.forType(criteria.getInputClass());
    }
    NDManager manager = NDManager.newBaseManager(device, engine.getEngineName());
    Model model = null;
    try {
      WhisperModel whisper = WhisperModel.load(dir, manager);
      if (args.containsKey(SpeechModelLoader.ADAPTER)) {
        Path adapter = path(args.get(SpeechModelLoader.ADAPTER));
        WhisperSession.withAdapters(whisper, Map.of("adapter", adapter))
            .setActiveAdapters("adapter");
      }
      String name = criteria.getModelName() != null ? criteria.getModelName() : "whisper";
      model = Model.newInstance(name, device, engine.getEngineName());
      model.getNDManager().attachInternal(UUID.randomUUID().toString(), manager);
      model.setBlock(whisper.encoder());
      model.setProperty(WHISPER, dir.toString());
      WhisperTranscriber transcriber =
          WhisperTranscriber.builder()
              .setDecoding(decoding(whisper, dir, args))
              .setTokenizer(WhisperTokenizer.fromDirectory(dir))
              .optMaxNewTokens(integer(args, MAX_NEW_TOKENS, WhisperTranscriber.MAX_NEW_TOKENS))
              .build();
      return new ZooModel<>(
          model,
          translator(
              criteria,
              model,
              () ->
                  WhisperTranslator.of(
                      transcriber, criteria.getInputClass(), criteria.getOutputClass())));
    } catch (IOException | ModelNotFoundException | RuntimeException e) {
      if (model != null) {
        model.close();
      }
      manager.close();
      throw e;
    }
  }

  private static WhisperDecoding decoding(
      WhisperModel whisper, Path dir, Map<String, Object> args) {
    WhisperGenerationConfig rules =
        WhisperGenerationConfig.fromFile(dir.resolve(WhisperModel.GENERATION_CONFIG));
    int beams = integer(args, BEAMS, 1);
    return beams == 1
        ? new WhisperGreedyDecoder(whisper, rules)
        : WhisperBeamSearch.builder().setModel(whisper).setRules(rules).optBeams(beams).build();
  }

  private static int integer(Map<String, Object> args, String name, int absent) {
    Object v = args.get(name);
    try {
      return v == null ? absent : Integer.parseInt(v.toString().strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("argument " + name + " must be an integer: " + v, e);
    }
  }
}
