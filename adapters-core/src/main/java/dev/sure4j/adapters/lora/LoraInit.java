package dev.sure4j.adapters.lora;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.gson.JsonElement;
import com.google.gson.JsonPrimitive;
import java.util.Locale;

/**
 * How LoRA's {@code A} and {@code B} start, PEFT's {@code init_lora_weights}.
 *
 * <ul>
 *   <li>{@link Kind#KAIMING} ({@code true}): {@code A} from {@code U(-1/sqrt(in), 1/sqrt(in))},
 *       {@code B = 0}.
 *   <li>{@link Kind#GAUSSIAN} ({@code "gaussian"}): {@code A} from {@code N(0, (1/r)^2)}, {@code B
 *       = 0}.
 *   <li>{@link Kind#PISSA} ({@code "pissa"}): from the SVD {@code W = U S V^T} of the base weight
 *       {@code [out, in]}, {@code A = sqrt(S_r / s) V_r^T}, {@code B = U_r sqrt(S_r / s)} for the
 *       {@code r} largest singular values ({@code s = alpha / r}), and the base weight becomes
 *       {@code W - s B A}. PEFT's {@code "pissa_niter_N"} is refused ({@link #NITER_REFUSAL}): its
 *       randomised SVD starts from a Gaussian matrix drawn from PyTorch's global generator, whose
 *       state no adapter file records.
 *   <li>{@link Kind#OLORA} ({@code "olora"}): from the QR decomposition {@code W = Q R}, {@code B =
 *       Q[:, :r]}, {@code A = R[:r, :]}, and the base weight becomes {@code W - s B A}.
 * </ul>
 *
 * @param kind the start
 * @param niter PEFT's {@code N} of {@code pissa_niter_N}; always 0, as that start is refused
 */
public record LoraInit(Kind kind, int niter) {

  /** PEFT's default start ({@code init_lora_weights: true}). */
  public static final LoraInit KAIMING = new LoraInit(Kind.KAIMING, 0);

  /** {@code init_lora_weights: "gaussian"}. */
  public static final LoraInit GAUSSIAN = new LoraInit(Kind.GAUSSIAN, 0);

  /** {@code init_lora_weights: "pissa"}. */
  public static final LoraInit PISSA = new LoraInit(Kind.PISSA, 0);

  /** {@code init_lora_weights: "olora"}. */
  public static final LoraInit OLORA = new LoraInit(Kind.OLORA, 0);

  private static final String NITER = "pissa_niter_";

  /**
   * Why {@code "pissa_niter_N"} is refused: PEFT computes it with {@code torch.svd_lowrank}, whose
   * random start comes from PyTorch's global generator in a state the adapter file does not record.
   */
  public static final String NITER_REFUSAL =
      "PEFT's pissa_niter_N starts from torch.svd_lowrank, whose random matrix comes from PyTorch's"
          + " global generator in a state no adapter file records, so that start (and its residual"
          + " base weight) cannot be rebuilt; use \"pissa\" (the exact SVD it approximates) or a"
          + " file PEFT converted to plain LoRA (path_initial_model_for_weight_conversion)";

  /** The starts. */
  public enum Kind {
    /** Kaiming-uniform {@code A}, zero {@code B}. */
    KAIMING,
    /** Gaussian {@code A}, zero {@code B}. */
    GAUSSIAN,
    /** Principal singular values and vectors of the base weight. */
    PISSA,
    /** Orthonormal {@code B} from the QR decomposition of the base weight. */
    OLORA
  }

  /** Validates the values. */
  public LoraInit {
    checkArgument(kind != null, "LoRA init kind must not be null");
    checkArgument(niter == 0, "LoRA init: niter %s: %s", niter, NITER_REFUSAL);
  }

  /**
   * Tells whether the start is taken from the base weight, which then holds the residual {@code W -
   * s B A} while the adapter is attached (PiSSA, OLoRA).
   *
   * @return true for PiSSA and OLoRA
   */
  public boolean changesBase() {
    return kind == Kind.PISSA || kind == Kind.OLORA;
  }

  /**
   * Returns the value of PEFT's {@code init_lora_weights}.
   *
   * @return {@code true}, {@code "gaussian"}, {@code "pissa"} or {@code "olora"}
   */
  public JsonElement toPeft() {
    return switch (kind) {
      case KAIMING -> new JsonPrimitive(true);
      default -> new JsonPrimitive(kind.name().toLowerCase(Locale.ROOT));
    };
  }

  /**
   * Reads PEFT's {@code init_lora_weights}.
   *
   * @param v {@code true} or one of the strings {@link #toPeft} writes
   * @return the start
   * @throws IllegalArgumentException naming the value and the supported ones, or, for {@code
   *     "pissa_niter_N"}, saying why it is refused ({@link #NITER_REFUSAL})
   */
  public static LoraInit fromPeft(JsonElement v) {
    if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean() && v.getAsBoolean()) {
      return KAIMING;
    }
    if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
      String s = v.getAsString().toLowerCase(Locale.ROOT);
      switch (s) {
        case "gaussian":
          return GAUSSIAN;
        case "pissa":
          return PISSA;
        case "olora":
          return OLORA;
        default:
          if (s.startsWith(NITER)) {
            throw new IllegalArgumentException("is " + v + ": " + NITER_REFUSAL);
          }
      }
    }
    throw new IllegalArgumentException(
        "is " + v + "; sure4j supports true, \"gaussian\", \"pissa\" and \"olora\"");
  }
}
