package dev.sure4j.speech.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.speech.audio.PreprocessorConfig;
import dev.sure4j.speech.encoder.EncoderConfig;
import dev.sure4j.speech.encoder.EncoderOutput;
import dev.sure4j.speech.encoder.SpeechEncoder;
import dev.sure4j.speech.loading.HfCheckpointLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskedPredictionTest {

  private static final String TINY =
      "{\"model_type\": \"hubert\", \"conv_dim\": [8, 8, 8, 8, 8, 8, 8],"
          + " \"conv_kernel\": [10, 3, 3, 3, 3, 2, 2], \"conv_stride\": [5, 2, 2, 2, 2, 2, 2],"
          + " \"conv_bias\": false, \"feat_extract_norm\": \"group\","
          + " \"do_stable_layer_norm\": false, \"num_conv_pos_embeddings\": 4,"
          + " \"num_conv_pos_embedding_groups\": 2, \"num_hidden_layers\": 2,"
          + " \"num_attention_heads\": 2, \"intermediate_size\": 32, \"hidden_size\": 16,"
          + " \"hidden_dropout\": 0.0, \"attention_dropout\": 0.0, \"activation_dropout\": 0.0,"
          + " \"layerdrop\": 0.0}";

  private static MaskedPredictionModel model(NDManager m, int units) {
    Engine.getInstance().setRandomSeed(5);
    MaskedPredictionModel model =
        new MaskedPredictionModel(new SpeechEncoder(EncoderConfig.fromJson(TINY)), units, 8);
    model.initialize(m, DataType.FLOAT32, new Shape(1, 4000), new Shape(1), new Shape(1, 1));
    return model;
  }

  private static List<UnitUtterance> utterances(EncoderConfig config) {
    Random r = new Random(11);
    List<UnitUtterance> out = new ArrayList<>();
    for (int n : new int[] {4000, 4800, 5600, 6400}) {
      float[] wave = new float[n];
      for (int i = 0; i < n; i++) {
        wave[i] = (float) (Math.sin(i * 0.03 * (1 + i / 2000)) + 0.1 * r.nextGaussian());
      }
      int[] units = new int[(int) config.frames(n)];
      for (int t = 0; t < units.length; t++) {
        units[t] = (t / 3) % 2 == 0 ? 0 : 1 + t % 3;
      }
      out.add(new UnitUtterance("u" + n, wave, units));
    }
    return out;
  }

  @Test
  void lossIsTheMeanCrossEntropyOverMaskedFrames() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logits = m.create(new float[] {2, 0, 0, 1}, new Shape(1, 2, 2));
      NDArray units = m.create(new int[] {0, 0}, new Shape(1, 2));
      MaskedUnitLoss loss = new MaskedUnitLoss();
      // -log softmax: frame 0 log(1 + e^-2) = 0.126928, frame 1 log(1 + e^1) = 1.313262
      NDArray both = m.create(new float[] {1, 1}, new Shape(1, 2));
      NDArray first = m.create(new float[] {1, 0}, new Shape(1, 2));
      NDArray second = m.create(new float[] {0, 1}, new Shape(1, 2));
      assertEquals(
          0.720095f, loss.evaluate(new NDList(units, both), new NDList(logits)).getFloat(), 1e-5f);
      assertEquals(
          0.126928f, loss.evaluate(new NDList(units, first), new NDList(logits)).getFloat(), 1e-5f);
      assertEquals(
          1.313262f,
          loss.evaluate(new NDList(units, second), new NDList(logits)).getFloat(),
          1e-5f);
      assertArrayEquals(new long[] {1, 2}, MaskedUnitLoss.correctAndCount(logits, units, both));
    }
  }

  @Test
  void maskedFramesSeeOnlyTheMaskEmbedding() {
    try (NDManager m = NDManager.newBaseManager()) {
      MaskedPredictionModel model = model(m, 4);
      NDArray a = m.randomNormal(0, 1, new Shape(1, 4000), DataType.FLOAT32);
      NDArray b = m.randomNormal(0, 1, new Shape(1, 4000), DataType.FLOAT32);
      NDArray len = m.create(new long[] {4000});
      int frames = (int) model.encoder().config().frames(4000);
      NDArray all = m.ones(new Shape(1, frames));
      NDArray none = m.zeros(new Shape(1, frames));
      ParameterStore ps = new ParameterStore(m, false);
      NDArray la = model.forward(ps, new NDList(a, len, all), false).get(0);
      NDArray lb = model.forward(ps, new NDList(b, len, all), false).get(0);
      NDArray ua = model.forward(ps, new NDList(a, len, none), false).get(2);
      NDArray ub = model.forward(ps, new NDList(b, len, none), false).get(2);
      double masked = la.sub(lb).abs().max().getFloat();
      double unmasked = ua.sub(ub).abs().max().getFloat();
      System.out.printf(
          "fully masked inputs: logits differ by %.3g; unmasked hidden states by %.3g%n",
          masked, unmasked);
      assertEquals(0, masked, 1e-5);
      assertTrue(unmasked > 1e-2, "unmasked outputs should depend on the audio: " + unmasked);
      // no frame masked: the hook changes nothing, hidden state = the plain encoder's
      EncoderOutput plain = model.encoder().encode(a, new long[] {4000});
      assertEquals(0, plain.lastHiddenState().sub(ua).abs().max().getFloat(), 1e-6);
      NDList hooked =
          model
              .encoder()
              .forwardWithFrameHook(ps, new NDList(a, len), false, UnaryOperator.identity());
      assertEquals(0, hooked.get(0).sub(ua).abs().max().getFloat(), 1e-6);
    }
  }

  @Test
  void shortPretrainingLowersTheLossThenExportLoadsWithIdenticalHiddenStates(@TempDir Path dir)
      throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      MaskedPredictionModel model = model(m, 4);
      List<UnitUtterance> data = utterances(model.encoder().config());
      PretrainConfig config =
          PretrainConfig.builder()
              .optSteps(30)
              .optBatchSize(4)
              .optLearningRate(3e-3f)
              .optWarmupSteps(0)
              .optLogEvery(5)
              .optSeed(1)
              .build();
      PretrainResult r = new Pretrainer(config, System.out).train(model, data, data.subList(0, 2));
      System.out.printf(
          "tiny pretraining on one fixed batch: loss %.3f -> %.3f, masked-unit accuracy %.3f%n",
          r.firstLoss(), r.finalLoss(), r.heldOutAccuracy());
      assertTrue(r.finalLoss() < r.firstLoss() - 0.1, r.losses().toString());

      HubertExporter.write(
          model, PreprocessorConfig.defaults(), Map.of("mask_time_length", 5), dir);
      SpeechEncoder loaded = HfCheckpointLoader.load(dir, m);
      NDArray wave = m.create(data.get(3).wave(), new Shape(1, 6400));
      EncoderOutput before = model.encoder().encode(wave, new long[] {6400});
      EncoderOutput after = loaded.encode(wave, new long[] {6400});
      double diff = 0;
      for (int i = 0; i < before.hiddenStates().size(); i++) {
        diff =
            Math.max(
                diff,
                before
                    .hiddenStates()
                    .get(i)
                    .sub(after.hiddenStates().get(i))
                    .abs()
                    .max()
                    .getFloat());
      }
      System.out.printf("exported checkpoint reloaded: hidden states max abs diff %.3g%n", diff);
      assertEquals(0, diff);
      try (SafetensorsReader head = SafetensorsReader.open(dir.resolve(HubertExporter.HEAD_FILE));
          SafetensorsReader weights =
              SafetensorsReader.open(dir.resolve(HfCheckpointLoader.SAFETENSORS))) {
        assertEquals(
            List.of("final_proj.bias", "final_proj.weight", "label_embs_concat"),
            new ArrayList<>(head.tensors().keySet()));
        assertTrue(weights.tensors().containsKey("masked_spec_embed"));
        assertTrue(weights.tensors().containsKey("encoder.pos_conv_embed.conv.weight"));
      }
      assertEquals(
          EncoderConfig.fromJson(TINY), EncoderConfig.fromFile(dir.resolve("config.json")));
    }
  }
}
