package dev.sure4j.cli;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Synthetic sequence-classification data for the demo: sequences of noisy random feature vectors in
 * which short "motifs" (fixed random directions, held for a few frames) appear at random times.
 *
 * <p>Every frame is Gaussian noise {@code N(0, 1)} in {@code D} dimensions; a motif adds {@code
 * amplitude * p_k} ({@code p_k} a unit vector) to {@link #MOTIF_FRAMES} consecutive frames.
 * Sequences have between {@code maxFrames / 2} and {@code maxFrames} valid frames and are
 * zero-padded to {@code maxFrames}, with a mask (1 = real frame).
 *
 * <ul>
 *   <li>The <b>source</b> task (used to pre-train the backbone): one motif per sequence; the label
 *       is the motif, one of {@code K}.
 *   <li>The <b>target</b> task (used to compare the adaptation methods): two different motifs per
 *       sequence; the label is {@code (a + b) mod 3}, which needs the two detections combined and
 *       is not a linear function of which motifs are present.
 * </ul>
 *
 * <p>Everything derives from the seed: the same seed gives the same motifs and the same samples.
 */
public final class MotifSequences {

  /** The number of consecutive frames a motif occupies. */
  public static final int MOTIF_FRAMES = 3;

  /** The number of target-task classes. */
  public static final int TARGET_CLASSES = 3;

  private final int dim;
  private final int maxFrames;
  private final float amplitude;
  private final float[][] motifs;

  /**
   * Creates the motifs.
   *
   * @param dim the feature size {@code D}, {@code > 0}
   * @param maxFrames the padded sequence length, {@code >= 2 * MOTIF_FRAMES + 2}
   * @param motifCount the number of motifs {@code K}, {@code >= 2}
   * @param amplitude the norm of a motif added to a frame
   * @param seed the seed of the motif directions
   */
  public MotifSequences(int dim, int maxFrames, int motifCount, float amplitude, long seed) {
    checkArgument(dim > 0, "dim must be > 0: %s", dim);
    checkArgument(
        maxFrames >= 2 * MOTIF_FRAMES + 2,
        "maxFrames must be >= %s: %s",
        2 * MOTIF_FRAMES + 2,
        maxFrames);
    checkArgument(motifCount >= 2, "need at least 2 motifs: %s", motifCount);
    this.dim = dim;
    this.maxFrames = maxFrames;
    this.amplitude = amplitude;
    Random r = new Random(seed);
    motifs = new float[motifCount][dim];
    for (float[] m : motifs) {
      double norm = 0;
      for (int i = 0; i < dim; i++) {
        m[i] = (float) r.nextGaussian();
        norm += m[i] * m[i];
      }
      for (int i = 0; i < dim; i++) {
        m[i] /= (float) Math.sqrt(norm);
      }
    }
  }

  /**
   * Returns the number of motifs.
   *
   * @return {@code K}
   */
  public int motifCount() {
    return motifs.length;
  }

  /**
   * Samples the source task: one motif per sequence, labelled by the motif.
   *
   * @param n the number of sequences
   * @param random the sample source
   * @return the split, {@code K} classes
   */
  public Split source(int n, Random random) {
    return sample(n, 1, random);
  }

  /**
   * Samples the target task: two different motifs per sequence, labelled {@code (a + b) mod 3}.
   *
   * @param n the number of sequences
   * @param random the sample source
   * @return the split, {@link #TARGET_CLASSES} classes
   */
  public Split target(int n, Random random) {
    return sample(n, 2, random);
  }

  private Split sample(int n, int motifsPerSequence, Random random) {
    float[] x = new float[n * maxFrames * dim];
    float[] mask = new float[n * maxFrames];
    int[] labels = new int[n];
    for (int s = 0; s < n; s++) {
      int length = maxFrames / 2 + random.nextInt(maxFrames - maxFrames / 2 + 1);
      int base = s * maxFrames * dim;
      for (int t = 0; t < length; t++) {
        mask[s * maxFrames + t] = 1;
        for (int i = 0; i < dim; i++) {
          x[base + t * dim + i] = (float) random.nextGaussian();
        }
      }
      int a = random.nextInt(motifs.length);
      int b = (a + 1 + random.nextInt(motifs.length - 1)) % motifs.length;
      int slots = length / MOTIF_FRAMES;
      int slotA = random.nextInt(slots);
      int slotB = (slotA + 1 + random.nextInt(slots - 1)) % slots;
      addMotif(x, base, a, slotA * MOTIF_FRAMES);
      if (motifsPerSequence == 2) {
        addMotif(x, base, b, slotB * MOTIF_FRAMES);
        labels[s] = (a + b) % TARGET_CLASSES;
      } else {
        labels[s] = a;
      }
    }
    return new Split(x, mask, labels, n, maxFrames, dim);
  }

  private void addMotif(float[] x, int base, int motif, int start) {
    for (int t = start; t < start + MOTIF_FRAMES; t++) {
      for (int i = 0; i < dim; i++) {
        x[base + t * dim + i] += amplitude * motifs[motif][i];
      }
    }
  }

  /**
   * A set of padded sequences with labels, in row-major float arrays.
   *
   * @param x features, {@code [n, frames, dim]} flattened
   * @param mask {@code [n, frames]} flattened, 1 for real frames
   * @param labels {@code [n]} class indices
   * @param n the number of sequences
   * @param frames the padded length
   * @param dim the feature size
   */
  public record Split(float[] x, float[] mask, int[] labels, int n, int frames, int dim) {

    /**
     * Builds the model inputs of some sequences.
     *
     * @param manager where the arrays go
     * @param rows sequence indices
     * @return {@code x [rows, frames, dim]} and {@code mask [rows, frames]}
     */
    public NDList inputs(NDManager manager, int[] rows) {
      float[] bx = new float[rows.length * frames * dim];
      float[] bm = new float[rows.length * frames];
      for (int r = 0; r < rows.length; r++) {
        System.arraycopy(x, rows[r] * frames * dim, bx, r * frames * dim, frames * dim);
        System.arraycopy(mask, rows[r] * frames, bm, r * frames, frames);
      }
      return new NDList(
          manager.create(bx, new Shape(rows.length, frames, dim)),
          manager.create(bm, new Shape(rows.length, frames)));
    }

    /**
     * Builds the labels of some sequences.
     *
     * @param manager where the array goes
     * @param rows sequence indices
     * @return {@code [rows]} class indices (int32)
     */
    public NDList labels(NDManager manager, int[] rows) {
      int[] bl = new int[rows.length];
      for (int r = 0; r < rows.length; r++) {
        bl[r] = labels[rows[r]];
      }
      return new NDList(manager.create(bl));
    }
  }
}
