package dev.sure4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.encoder.EncoderOutput;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Hidden states from WAV bytes on {@code local[2]} equal the bare backbone's run on each clip
 * alone: the pooled state is the mean of the last hidden state over the clip's frames (averaged
 * here by hand), and the per-frame states of layer 0 have the clip's frame count and values.
 */
class HiddenStatesTest {

  /** Largest allowed difference of a feature (batched with padding versus alone). */
  static final double TOLERANCE = 1e-4;

  @Test
  void pooledAndPerFrameStatesEqualTheBackboneRunOnEachClipAlone() throws Exception {
    List<Path> clips = Fixtures.clips(1);
    List<Row> rows = new ArrayList<>();
    for (Path c : clips) {
      rows.add(RowFactory.create(c.toString(), Files.readAllBytes(c)));
    }
    StructType schema =
        new StructType().add("name", DataTypes.StringType).add("wav", DataTypes.BinaryType);
    var spark = Fixtures.spark();
    var in =
        spark.createDataFrame(
            JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 2), schema);
    InferenceSpecBuilder spec =
        InferenceSpec.builder().setModel(Fixtures.MODEL.toString()).optAudioCol("wav");
    List<Row> pooled =
        SpeechInference.apply(in, spec.optOutput(OutputKind.POOLED_HIDDEN_STATES).build())
            .collectAsList();
    List<Row> frames =
        SpeechInference.apply(in, spec.optOutput(OutputKind.HIDDEN_STATES).optLayer(0).build())
            .collectAsList();

    AudioPipeline audio = AudioPipeline.builder().optCheckpoint(Fixtures.MODEL).build();
    try (NDManager manager = NDManager.newBaseManager()) {
      SpeechEncoder encoder = HfCheckpointLoader.load(Fixtures.MODEL, manager);
      for (int i = 0; i < clips.size(); i++) {
        float[] wave = audio.load(clips.get(i));
        EncoderOutput out = encoder.encode(manager.create(wave, new Shape(1, wave.length)), null);
        assertEquals(clips.get(i).toString(), pooled.get(i).getString(0));
        assertNull(pooled.get(i).get(3));
        assertMeanOverFrames(out.lastHiddenState(), pooled.get(i).getList(2), clips.get(i));
        assertFrames(out.hiddenStates().get(0), frames.get(i).getList(2), clips.get(i));
      }
    }
  }

  private static void assertMeanOverFrames(NDArray state, List<Float> got, Path clip) {
    int t = (int) state.getShape().get(1);
    int d = (int) state.getShape().get(2);
    float[] x = state.toFloatArray();
    assertEquals(d, got.size(), clip.toString());
    for (int j = 0; j < d; j++) {
      double sum = 0;
      for (int f = 0; f < t; f++) {
        sum += x[f * d + j];
      }
      assertEquals(sum / t, got.get(j), TOLERANCE, clip + " feature " + j);
    }
  }

  private static void assertFrames(
      NDArray state, List<scala.collection.Seq<Float>> got, Path clip) {
    int t = (int) state.getShape().get(1);
    int d = (int) state.getShape().get(2);
    float[] x = state.toFloatArray();
    assertEquals(t, got.size(), clip + " frames");
    for (int f = 0; f < t; f++) {
      for (int j = 0; j < d; j++) {
        assertEquals(x[f * d + j], got.get(f).apply(j), TOLERANCE, clip + " frame " + f + "/" + j);
      }
    }
  }
}
