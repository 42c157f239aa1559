package dev.sure4j.speech.djl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.repository.zoo.ZooModel;
import dev.sure4j.speech.data.ManifestEntry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On a machine with a GPU, a model loaded with {@code optDevice(Device.gpu())} answers as on the
 * CPU, one clip at a time and in a padded batch (every probability within {@value #TOLERANCE}, for
 * the different summation order of the GPU kernels). Skipped when the engine sees no GPU.
 */
class SpeechZooGpuTest {

  static final double TOLERANCE = 1e-4;

  @Test
  void gpuAnswersAsCpu() throws Exception {
    assumeTrue(Engine.getInstance().getGpuCount() > 0, "the engine sees no GPU");
    List<Path> files = SpeechZooTest.clips("kws", 10).stream().map(ManifestEntry::audio).toList();
    try (ZooModel<Path, Classifications> cpu =
            SpeechZooTest.criteria(Path.class, Classifications.class, "kws", Device.cpu())
                .loadModel();
        ZooModel<Path, Classifications> gpu =
            SpeechZooTest.criteria(Path.class, Classifications.class, "kws", Device.gpu())
                .loadModel();
        Predictor<Path, Classifications> onCpu = cpu.newPredictor();
        Predictor<Path, Classifications> onGpu = gpu.newPredictor()) {
      List<Classifications> batch = onGpu.batchPredict(files);
      for (int i = 0; i < files.size(); i++) {
        Classifications expected = onCpu.predict(files.get(i));
        SpeechZooTest.assertSameAnswer(expected, onGpu.predict(files.get(i)), TOLERANCE, "gpu");
        SpeechZooTest.assertSameAnswer(expected, batch.get(i), TOLERANCE, "gpu batch");
      }
    }
  }
}
