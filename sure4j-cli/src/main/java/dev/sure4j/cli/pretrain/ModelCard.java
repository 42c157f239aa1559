package dev.sure4j.cli.pretrain;

import dev.sure4j.speech.encoder.EncoderConfig;
import dev.sure4j.speech.pretrain.MaskedUnitScore;
import dev.sure4j.speech.pretrain.PretrainConfig;
import dev.sure4j.speech.pretrain.PretrainResult;
import java.util.Locale;

/**
 * The {@code README.md} of a pretrained checkpoint: architecture, data, command, measured losses
 * and held-out masked-unit accuracy, machine and license note.
 *
 * @param geometry the backbone config
 * @param parameters backbone parameters
 * @param trainClips training clips
 * @param trainSeconds training audio, seconds
 * @param valClips held-out clips
 * @param clusters k-means units
 * @param config the run settings
 * @param result the measurements
 * @param initial the held-out score before training
 * @param wallSeconds wall time of the whole command
 * @param threads PyTorch threads
 * @param probe the frozen-feature probe, or null when it was not run
 * @param load the machine's load averages at the start and the end of the run, as text
 */
public record ModelCard(
    EncoderConfig geometry,
    long parameters,
    int trainClips,
    double trainSeconds,
    int valClips,
    int clusters,
    PretrainConfig config,
    PretrainResult result,
    MaskedUnitScore initial,
    double wallSeconds,
    int threads,
    ProbeResult probe,
    String load) {

  private String probeSection() {
    if (probe == null) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "Transfer sanity check (frozen features): each hidden state mean-pooled over frames, a"
            + " logistic regression fitted on the %d %s train clips and scored on the %d %s test"
            + " clips (held-out voices), %d classes (chance %.3f):%n%n%s%n",
        probe.trainClips(),
        probe.task(),
        probe.testClips(),
        probe.task(),
        probe.classes(),
        1.0 / probe.classes(),
        probe.table());
  }

  /**
   * Renders the card as Markdown.
   *
   * @return the text
   */
  public String render() {
    StringBuilder losses = new StringBuilder();
    for (int i = 0; i < result.losses().size(); i++) {
      losses.append(
          String.format(
              Locale.ROOT,
              "%s%.3f",
              i == 0 ? "" : (i % 10 == 0 ? ",\n" : ", "),
              result.losses().get(i)));
    }
    return String.format(
        Locale.ROOT,
        """
        # mini-hubert

        A small HuBERT backbone (Hugging Face `HubertModel` layout) pretrained by sure4j's
        `./sure4j pretrain` on the bundled synthetic mini corpus, so that the examples and tests
        can show real transfer learning without downloading a model. It is a toy: it has heard
        %.0f seconds of formant-synthesised speech and says nothing about real speech.

        ## Architecture

        - Feature encoder: %d convolutions of %d channels, kernels %s, strides %s (400-sample
          receptive field, 320-sample hop: 50 frames per second at 16 kHz), group norm after the
          first, GELU, no bias.
        - Feature projection: layer norm, linear %d -> %d.
        - Transformer: positional convolution (kernel %d, %d groups, weight norm folded), post-LN
          (`do_stable_layer_norm` false), %d layers, width %d, %d heads, feed-forward %d, GELU.
        - Parameters: %,d in `model.safetensors` (plus `masked_spec_embed`, %d values).
        - Files: `config.json` (`model_type` hubert, `architectures` [HubertModel]),
          `model.safetensors` (Hugging Face names, float32; what `HfCheckpointLoader` loads),
          `preprocessor_config.json` (16 kHz, per-utterance normalisation), and
          `pretraining_head.safetensors` (`final_proj.*`, `label_embs_concat`: only needed to
          continue pretraining).

        ## Pretraining

        - Task: HuBERT's first iteration. Targets are %d k-means units (k-means++, seed %d) of
          39-dimensional MFCC features (13 Kaldi MFCCs + deltas + delta-deltas, per-utterance
          mean/variance normalisation) computed on frames aligned 1:1 with the encoder's frames.
          Span masking: `mask_time_prob` %.2f, spans of %d frames (about half of the
          valid frames masked: 0.51 measured by `SpanMaskerTest`), masked frames replaced by `masked_spec_embed`; the loss is the
          cross-entropy of the units on masked frames, logits = cosine(final_proj(h),
          unit embedding) / 0.1.
        - Data: the train splits of all five mini tasks (`data/mini/{kws,speaker,emotion,intent,ctc}
          /train.csv`): %d clips, %.1f s. No val or test audio is used for training; the %d val
          clips only score the held-out masked-unit accuracy below. The val speakers (voice
          variants) never occur in any train split.
        - Optimiser: AdamW, peak rate %.1e, %d warm-up steps then linear decay to 0, weight decay
          %.2f, gradient-norm clipping at %.0f, batches of %d clips, %d steps, seed %d.

        Command (from the repository root):

        ```
        ./sure4j pretrain --data data/mini --out models/mini-hubert --steps %d --clusters %d \\
            --seed %d --threads %d
        ```

        ## Results

        | measure | value |
        |---|---|
        | training loss (masked CE, nats), first %d steps | %.3f |
        | training loss, last %d steps | %.3f |
        | held-out masked-unit accuracy (val clips, %,d masked frames) | **%.4f** |
        | held-out masked CE (nats) | %.3f |
        | same, before training (random init) | accuracy %.4f, CE %.3f |
        | chance (1/K) | %.4f |
        | always the most frequent training unit | %.4f |
        | batches skipped (non-finite loss or gradient) | %d |
        | training loop wall time | %.0f s |
        | whole command wall time (audio, MFCC, k-means, training, export) | %.0f s |

        Training loss every %d steps:

        ```
        %s
        ```

        %s
        Machine: %s, %d CPU cores visible, %d PyTorch threads; %s. Load (1, 5, 15-minute
        averages, shared machine): %s.

        ## License

        Trained on the bundled synthetic corpus (`data/mini`, espeak-ng voices); distributed
        under the same terms as sure4j.
        """,
        trainSeconds,
        geometry.convDim().size(),
        geometry.convDim().get(0),
        geometry.convKernel(),
        geometry.convStride(),
        geometry.convDim().get(geometry.convDim().size() - 1),
        geometry.hiddenSize(),
        geometry.numConvPosEmbeddings(),
        geometry.numConvPosEmbeddingGroups(),
        geometry.numHiddenLayers(),
        geometry.hiddenSize(),
        geometry.numAttentionHeads(),
        geometry.intermediateSize(),
        parameters,
        geometry.hiddenSize(),
        clusters,
        config.seed(),
        config.maskProb(),
        config.spanLength(),
        trainClips,
        trainSeconds,
        valClips,
        config.learningRate(),
        config.warmupSteps(),
        config.weightDecay(),
        config.maxGradNorm(),
        config.batchSize(),
        config.steps(),
        config.seed(),
        config.steps(),
        clusters,
        config.seed(),
        threads,
        config.logEvery(),
        result.firstLoss(),
        config.logEvery(),
        result.finalLoss(),
        result.heldOutMaskedFrames(),
        result.heldOutAccuracy(),
        result.heldOutLoss(),
        initial.accuracy(),
        initial.loss(),
        1.0 / clusters,
        result.majorityAccuracy(),
        result.skippedSteps(),
        result.seconds(),
        wallSeconds,
        config.logEvery(),
        losses,
        probeSection(),
        System.getProperty("os.arch") + " " + System.getProperty("os.name"),
        Runtime.getRuntime().availableProcessors(),
        threads,
        "Java " + System.getProperty("java.version"),
        load);
  }
}
