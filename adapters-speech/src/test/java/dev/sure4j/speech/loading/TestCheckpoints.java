package dev.sure4j.speech.loading;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import dev.sure4j.adapters.nn.StateDict;
import dev.sure4j.speech.encoder.EncoderConfig;
import dev.sure4j.speech.encoder.SpeechEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small generated checkpoints in Hugging Face layout, written by hand. */
final class TestCheckpoints {

  /** A tiny post-LN HuBERT: 3 convolutions, width 8, one layer, even positional kernel. */
  static final String TINY_CONFIG =
      "{\"model_type\": \"hubert\", \"conv_dim\": [8, 8, 8], \"conv_kernel\": [10, 3, 2],"
          + " \"conv_stride\": [5, 2, 2], \"conv_bias\": false, \"feat_extract_norm\": \"group\","
          + " \"do_stable_layer_norm\": false, \"num_conv_pos_embeddings\": 4,"
          + " \"num_conv_pos_embedding_groups\": 2, \"num_hidden_layers\": 1,"
          + " \"num_attention_heads\": 2, \"intermediate_size\": 16, \"hidden_size\": 8,"
          + " \"hidden_act\": \"gelu\", \"layer_norm_eps\": 1e-5}";

  /** One tensor: values and shape. */
  record Tensor(float[] values, long[] shape) {}

  private TestCheckpoints() {}

  static SpeechEncoder tinyEncoder(NDManager manager) {
    SpeechEncoder e = new SpeechEncoder(EncoderConfig.fromJson(TINY_CONFIG));
    e.initialize(manager, DataType.FLOAT32, new Shape(1, 400));
    return e;
  }

  /** The encoder's parameters by Hugging Face name, every value perturbed so none is 0 or 1. */
  static Map<String, Tensor> randomState(SpeechEncoder encoder, long seed) {
    Random r = new Random(seed);
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> p : StateDict.of(encoder, "").entrySet()) {
      long[] shape = p.getValue().getArray().getShape().getShape();
      float[] v = new float[(int) new Shape(shape).size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (r.nextGaussian() * 0.3 + (p.getKey().endsWith("norm.weight") ? 1 : 0));
      }
      out.put(p.getKey(), new Tensor(v, shape));
    }
    return out;
  }

  /** Splits the positional convolution's weight into weight_g / weight_v with norm dim 2. */
  static Map<String, Tensor> withWeightNorm(Map<String, Tensor> state, String g, String v) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    String stem = "encoder.pos_conv_embed.conv.";
    for (Map.Entry<String, Tensor> e : state.entrySet()) {
      if (!e.getKey().equals(stem + "weight")) {
        out.put(e.getKey(), e.getValue());
        continue;
      }
      long[] s = e.getValue().shape();
      float[] w = e.getValue().values();
      int k = (int) s[2];
      double[] norms = new double[k];
      for (int i = 0; i < w.length; i++) {
        norms[i % k] += (double) w[i] * w[i];
      }
      float[] gv = new float[k];
      float[] vv = new float[w.length];
      for (int j = 0; j < k; j++) {
        gv[j] = (float) (0.5 + j); // a scale unlike the direction's norm
      }
      for (int i = 0; i < w.length; i++) {
        vv[i] = (float) (w[i] / Math.sqrt(norms[i % k]) * 3.0);
      }
      // the folded weight is g * v / ||v|| = (0.5 + j) * w / ||w||
      out.put(stem + g, new Tensor(gv, new long[] {1, 1, k}));
      out.put(stem + v, new Tensor(vv, s));
    }
    return out;
  }

  /** The weight the loader must produce from {@link #withWeightNorm}. */
  static Tensor foldedPosConv(Map<String, Tensor> state) {
    Tensor t = state.get("encoder.pos_conv_embed.conv.weight");
    int k = (int) t.shape()[2];
    double[] norms = new double[k];
    for (int i = 0; i < t.values().length; i++) {
      norms[i % k] += (double) t.values()[i] * t.values()[i];
    }
    float[] w = new float[t.values().length];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) ((0.5 + i % k) * t.values()[i] / Math.sqrt(norms[i % k]));
    }
    return new Tensor(w, t.shape());
  }

  static Map<String, Tensor> prefixed(Map<String, Tensor> state, String prefix) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    state.forEach((k, v) -> out.put(prefix + k, v));
    return out;
  }

  static void writeConfig(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("config.json"), TINY_CONFIG);
  }

  static void writeSafetensors(Path file, Map<String, Tensor> tensors) throws IOException {
    writeSafetensors(file, tensors, Map.of());
  }

  /**
   * Writes tensors with the given dtypes (F32 when not listed; F16, BF16, F64 or I32). F16 and BF16
   * values must be exactly representable (multiples of 1/8 below 32 in magnitude are).
   */
  static void writeSafetensors(Path file, Map<String, Tensor> tensors, Map<String, String> dtypes)
      throws IOException {
    Map<String, Object> header = new LinkedHashMap<>();
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String dtype = dtypes.getOrDefault(e.getKey(), "F32");
      long bytes = (long) width(dtype) * e.getValue().values().length;
      header.put(
          e.getKey(),
          Map.of(
              "dtype", dtype,
              "shape", e.getValue().shape(),
              "data_offsets", List.of(offset, offset + bytes)));
      offset += bytes;
    }
    byte[] json = new Gson().toJson(header).getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf = ByteBuffer.allocate((int) (8 + json.length + offset));
    buf.order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).put(json);
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String dtype = dtypes.getOrDefault(e.getKey(), "F32");
      for (float f : e.getValue().values()) {
        switch (dtype) {
          case "F32" -> buf.putFloat(f);
          case "F64" -> buf.putDouble(f);
          case "BF16" -> buf.putShort((short) (Float.floatToIntBits(f) >>> 16));
          case "F16" -> buf.putShort(toHalf(f));
          case "I32" -> buf.putInt((int) f);
          default -> throw new IllegalArgumentException(dtype);
        }
      }
    }
    Files.write(file, buf.array());
  }

  private static int width(String dtype) {
    return switch (dtype) {
      case "F64" -> 8;
      case "F16", "BF16" -> 2;
      default -> 4;
    };
  }

  /** Encodes a float that half precision holds exactly (zero or a normal half). */
  private static short toHalf(float f) {
    if (f == 0) {
      return 0;
    }
    int bits = Float.floatToIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = ((bits >>> 23) & 0xff) - 127 + 15;
    int mant = (bits >>> 13) & 0x3ff;
    if (exp <= 0 || exp >= 31 || (bits & 0x1fff) != 0) {
      throw new IllegalArgumentException(f + " is not exactly a normal half-precision value");
    }
    return (short) (sign | (exp << 10) | mant);
  }

  /** Rounds every value to a multiple of 1/8, exact in F16, BF16 and F64. */
  static Map<String, Tensor> quantised(Map<String, Tensor> state) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : state.entrySet()) {
      float[] v = e.getValue().values().clone();
      for (int i = 0; i < v.length; i++) {
        v[i] = Math.round(v[i] * 8) / 8f;
      }
      out.put(e.getKey(), new Tensor(v, e.getValue().shape()));
    }
    return out;
  }
}
