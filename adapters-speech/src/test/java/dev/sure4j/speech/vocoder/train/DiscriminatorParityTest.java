package dev.sure4j.speech.vocoder.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.io.ParameterFiles;
import dev.sure4j.adapters.io.SafetensorsReader;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.speech.synthesis.MelConfig;
import dev.sure4j.speech.synthesis.MelNorm;
import dev.sure4j.speech.synthesis.MelScale;
import dev.sure4j.speech.synthesis.TrainableMel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The discriminators, the losses and their gradients against PyTorch, on the fixture of {@code
 * tools/hifigan_train_fixture.py}: one discriminator pass and one generator pass of the reference
 * {@code train.py} (without optimizer steps) on discriminators 32 times narrower than the
 * reference.
 */
@Tag("parity")
class DiscriminatorParityTest {

  private static final float TOLERANCE = 1e-5f;

  private SafetensorsReader io;
  private NDManager manager;
  private float worst;

  @Test
  void discriminatorsLossesAndGradientsMatchPyTorch() throws Exception {
    Path dir =
        Path.of(getClass().getResource("/dev/sure4j/speech/vocoder/train/io.safetensors").toURI())
            .getParent();
    try (NDManager m = NDManager.newBaseManager();
        SafetensorsReader reader = SafetensorsReader.open(dir.resolve("io.safetensors"))) {
      manager = m;
      io = reader;
      DiscriminatorGeometry geometry = DiscriminatorGeometry.of(32);
      MultiPeriodDiscriminator mpd = new MultiPeriodDiscriminator(geometry);
      MultiScaleDiscriminator msd = new MultiScaleDiscriminator(geometry);
      mpd.initialize(m, DataType.FLOAT32, new Shape(2, 1, 512));
      msd.initialize(m, DataType.FLOAT32, new Shape(2, 1, 512));
      Map<String, Parameter> params = new LinkedHashMap<>(StateDict.of(mpd, "mpd"));
      params.putAll(StateDict.of(msd, "msd"));
      ParameterFiles.readExact(dir.resolve("state.safetensors"), params, "the discriminators");
      NDArray y = expected("y");
      NDArray yHat = expected("y_hat");
      ParameterStore store = new ParameterStore(m, false);

      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        List<Judgement> fr = mpd.judgements(store, y, true);
        List<Judgement> fg = mpd.judgements(store, yHat, true);
        List<Judgement> sr = msd.judgements(store, y, true);
        List<Judgement> sg = msd.judgements(store, yHat, true);
        NDArray lossF = GanLosses.discriminatorLoss(fr, fg);
        NDArray lossS = GanLosses.discriminatorLoss(sr, sg);
        gc.backward(lossF.add(lossS));
        compare("loss_disc_f", lossF);
        compare("loss_disc_s", lossS);
        compareJudgements("mpd", fr, fg, false);
        compareJudgements("msd", sr, sg, true);
      }
      int grads = 0;
      for (Map.Entry<String, Parameter> p : params.entrySet()) {
        if (p.getValue().requiresGradient()) {
          compare("grad." + p.getKey(), p.getValue().getArray().getGradient());
          grads++;
        }
      }
      assertEquals(5 * 6 * 3 + 8 * 2 + 2 * 8 * 3, grads, "trainable discriminator parameters");

      yHat.setRequiresGradient(true);
      MelConfig mel =
          MelConfig.builder()
              .optSampleRate(22050)
              .optNFft(128)
              .optWinLength(128)
              .optHopLength(32)
              .optNMels(16)
              .optFMin(0)
              .optFMax(11025)
              .optPower(1)
              .optMelScale(MelScale.SLANEY)
              .optNorm(MelNorm.SLANEY)
              .optLogFloor(1e-5)
              .build();
      TrainableMel logMel = TrainableMel.of(mel);
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        List<Judgement> fr = mpd.judgements(store, y, true);
        List<Judgement> fg = mpd.judgements(store, yHat, true);
        List<Judgement> sr = msd.judgements(store, y, true);
        List<Judgement> sg = msd.judgements(store, yHat, true);
        compareJudgements("mpd", fr, fg, true);
        NDArray lossMel =
            GanLosses.melLoss(logMel.logMel(y.squeeze(1)), logMel.logMel(yHat.squeeze(1)));
        NDArray fmF = GanLosses.featureLoss(fr, fg);
        NDArray fmS = GanLosses.featureLoss(sr, sg);
        NDArray genF = GanLosses.generatorLoss(fg);
        NDArray genS = GanLosses.generatorLoss(sg);
        NDArray total = genS.add(genF).add(fmS).add(fmF).add(lossMel);
        gc.backward(total);
        compare("loss_mel", lossMel);
        compare("loss_fm_f", fmF);
        compare("loss_fm_s", fmS);
        compare("loss_gen_f", genF);
        compare("loss_gen_s", genS);
        compare("loss_gen_all", total);
      }
      compare("grad_y_hat", yHat.getGradient());
      compare("u_after", params.get("msd.discriminators.0.convs.0.weight_u").getArray());
      System.out.printf("HiFi-GAN discriminators and losses: max abs difference %.3g%n", worst);
      assertTrue(worst < TOLERANCE, "max abs difference " + worst);
    }
  }

  private void compareJudgements(
      String which, List<Judgement> real, List<Judgement> gen, boolean featureMaps)
      throws Exception {
    for (int i = 0; i < real.size(); i++) {
      String k = which + "." + i;
      compare("d_real." + k + ".score", real.get(i).score());
      compare("d_gen." + k + ".score", gen.get(i).score());
      if (featureMaps) {
        for (int n = 0; n < real.get(i).featureMaps().size(); n++) {
          compare("d_real." + k + "." + n, real.get(i).featureMaps().get(n));
          compare("d_gen." + k + "." + n, gen.get(i).featureMaps().get(n));
        }
      }
    }
  }

  private NDArray expected(String name) throws Exception {
    return io.readArray(name, manager);
  }

  private void compare(String name, NDArray actual) throws Exception {
    NDArray want = expected(name);
    assertEquals(want.getShape(), actual.getShape(), name);
    float scale = Math.max(1f, want.abs().max().getFloat());
    float diff = actual.sub(want).abs().max().getFloat() / scale;
    worst = Math.max(worst, diff);
    assertTrue(diff < TOLERANCE, name + ": max abs difference " + diff);
  }
}
