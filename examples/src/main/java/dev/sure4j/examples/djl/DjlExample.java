package dev.sure4j.examples.djl;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Path;
import java.util.List;

/**
 * The code example of docs/djl.md, compiled and run by the tests so that it keeps working: a
 * backbone and a classification adapter loaded through DJL's {@code Criteria}, one clip predicted
 * and a batch predicted with padding. The text between the {@code DOC:begin} and {@code DOC:end}
 * markers is the page's snippet.
 */
public final class DjlExample {

  private DjlExample() {}

  /**
   * Runs the example: {@code backbone adapter clip [clip...]}.
   *
   * @param args the backbone directory, the adapter directory and one or more audio files
   * @throws Exception when loading or predicting fails
   */
  public static void main(String[] args) throws Exception {
    List<Path> clips = List.of(args).subList(2, args.length).stream().map(Path::of).toList();
    Result r = run(Path.of(args[0]), Path.of(args[1]), clips);
    System.out.println(r.first().best());
    r.batch().forEach(c -> System.out.println(c.best()));
  }

  /**
   * The single and batched predictions of the example.
   *
   * @param first the first clip's classes with their probabilities
   * @param batch every clip's classes, from one padded batch
   */
  public record Result(Classifications first, List<Classifications> batch) {}

  /**
   * Loads the model on the CPU and predicts.
   *
   * @param backbone a Hugging Face HuBERT or wav2vec2 directory
   * @param adapter a classification adapter directory written by {@code ./sure4j train}
   * @param clips audio files
   * @return the first clip's prediction and the batch's predictions
   * @throws Exception when loading or predicting fails
   */
  public static Result run(Path backbone, Path adapter, List<Path> clips) throws Exception {
    // DOC:begin
    Criteria<Path, Classifications> criteria =
        Criteria.builder()
            .setTypes(Path.class, Classifications.class)
            .optArgument("backbone", backbone) // e.g. models/mini-hubert
            .optArgument("adapter", adapter) // e.g. runs/kws/adapter
            .optEngine("PyTorch")
            .optDevice(Device.cpu()) // or Device.gpu(), Device.gpu(1)
            .build();
    try (ZooModel<Path, Classifications> model = criteria.loadModel();
        Predictor<Path, Classifications> predictor = model.newPredictor()) {
      Classifications first = predictor.predict(clips.get(0)); // every class with its probability
      List<Classifications> batch = predictor.batchPredict(clips); // one padded pass
      return new Result(first, batch);
    }
    // DOC:end
  }
}
