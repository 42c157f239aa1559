package dev.sure4j.cli.reliability;

import static dev.sure4j.cli.reliability.Edit.refusedCase;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sure4j.cli.encode.NpyReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The model-directory catalogue: copies of the bundled backbone ({@code models/mini-hubert}) broken
 * in one place each, run through {@code ./sure4j encode}. Broken ones must be refused with one line
 * naming the file, tensor or value; unusual but valid ones must give the original's hidden states.
 */
class ModelDirectoryInputsTest {

  static final String WEIGHTS = "model.safetensors";
  static final String CONFIG = "config.json";
  static final String Q = "encoder.layers.0.attention.q_proj.weight";

  @TempDir static Path tmp;
  private static Path wav;
  private static NpyReader.Array baseline;

  @BeforeAll
  static void baseline() throws IOException {
    wav = Wav.writeMiniClip(tmp.resolve("clip.wav"));
    Path out = tmp.resolve("baseline.npy");
    encode(Cli.MODEL, out).assertWorked("baseline");
    baseline = NpyReader.read(out);
  }

  private static Cli encode(Path model, Path out) {
    return Cli.run(
        "encode", "--model", model.toString(), "--audio", wav.toString(), "--out", out.toString());
  }

  private static Path copy(String name) throws IOException {
    return copy(tmp, name);
  }

  /** Copies the bundled backbone's files into {@code parent/<name as a file name>}. */
  static Path copy(Path parent, String name) throws IOException {
    Path dir = Files.createDirectories(parent.resolve(CaseNames.fileName(name)));
    for (String f : List.of(CONFIG, WEIGHTS, "preprocessor_config.json")) {
      Files.copy(Cli.MODEL.resolve(f), dir.resolve(f));
    }
    return dir;
  }

  private static Edit config(String key, int value) {
    return dir -> {
      JsonObject c =
          JsonParser.parseString(Files.readString(dir.resolve(CONFIG))).getAsJsonObject();
      c.addProperty(key, value);
      Files.writeString(dir.resolve(CONFIG), c.toString());
    };
  }

  static Edit tensors(Consumer<Map<String, Safetensors.Tensor>> edit) {
    return Edit.tensors(WEIGHTS, edit);
  }

  /** Rewrites the header's JSON text, keeping the data. */
  interface HeaderEdit {
    String apply(JsonObject header);
  }

  private static Edit header(HeaderEdit edit) {
    return dir -> {
      Safetensors s = Safetensors.read(dir.resolve(WEIGHTS));
      Files.write(dir.resolve(WEIGHTS), s.bytes(edit.apply(s.header())));
    };
  }

  private static JsonObject entry(JsonObject header, String name) {
    return header.getAsJsonObject(name);
  }

  private static void offsets(JsonObject header, String name, long begin, long end) {
    JsonArray a = new JsonArray();
    a.add(begin);
    a.add(end);
    entry(header, name).add("data_offsets", a);
  }

  private static long begin(JsonObject header, String name) {
    return entry(header, name).getAsJsonArray("data_offsets").get(0).getAsLong();
  }

  private static byte[] floats(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : v) {
      b.putFloat(x);
    }
    return b.array();
  }

  static Safetensors.Tensor withFirstValue(Safetensors.Tensor t, float value) {
    byte[] b = t.bytes().clone();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, value);
    return new Safetensors.Tensor(t.dtype(), t.shape(), b);
  }

  /** Deletes {@link #WEIGHTS} and writes another file in its place. */
  private static Edit weightsReplacedBy(String file, String text) {
    return dir -> {
      Files.delete(dir.resolve(WEIGHTS));
      Files.writeString(dir.resolve(file), text);
    };
  }

  static Stream<Arguments> brokenDirectories() {
    return Stream.of(
        refusedCase("missing config.json", dir -> Files.delete(dir.resolve(CONFIG)), CONFIG),
        refusedCase(
            "config.json that is not JSON",
            dir -> Files.writeString(dir.resolve(CONFIG), "{\"hidden_size\": 128,"),
            CONFIG + ": config.json is not valid JSON"),
        refusedCase(
            "heads that do not divide the width",
            config("num_attention_heads", 5),
            "num_attention_heads",
            "5",
            "128"),
        refusedCase(
            "width that does not match the weights",
            config("hidden_size", 64),
            "does not fit the encoder",
            Q),
        refusedCase(
            "fewer layers in config.json than in the weights",
            config("num_hidden_layers", 3),
            "unexpected tensor encoder.layers.3."),
        refusedCase(
            "no transformer layers", config("num_hidden_layers", 0), "num_hidden_layers", "0"),
        refusedCase(
            "conv_kernel and conv_stride of different lengths",
            dir -> {
              JsonObject c =
                  JsonParser.parseString(Files.readString(dir.resolve(CONFIG))).getAsJsonObject();
              c.getAsJsonArray("conv_kernel").remove(0);
              Files.writeString(dir.resolve(CONFIG), c.toString());
            },
            CONFIG,
            "conv_kernel"),
        refusedCase(
            "preprocessor_config.json that is not JSON",
            dir -> Files.writeString(dir.resolve("preprocessor_config.json"), "{\"sampling_rate\""),
            "preprocessor_config.json"),
        refusedCase(
            "a sharded index naming a missing shard",
            weightsReplacedBy(
                "model.safetensors.index.json",
                "{\"weight_map\": {\"" + Q + "\": \"model-00001-of-00002.safetensors\"}}"),
            "model.safetensors.index.json",
            "shard model-00001-of-00002.safetensors does not exist"),
        refusedCase(
            "a sharded index that is not JSON",
            weightsReplacedBy("model.safetensors.index.json", "{\"weight_map\": "),
            "model.safetensors.index.json",
            "malformed index: ",
            "End of input"),
        refusedCase(
            "no weights file",
            dir -> Files.delete(dir.resolve(WEIGHTS)),
            "has none of model.safetensors"),
        refusedCase(
            "weights that are not a safetensors file",
            weightsReplacedBy("pytorch_model.bin", "not a zip archive"),
            "pytorch_model.bin"),
        refusedCase(
            "safetensors of 5 bytes",
            dir -> Files.write(dir.resolve(WEIGHTS), new byte[5]),
            WEIGHTS,
            "5 bytes, need >= 8"),
        refusedCase(
            "truncated safetensors",
            dir -> {
              byte[] b = Files.readAllBytes(dir.resolve(WEIGHTS));
              Files.write(dir.resolve(WEIGHTS), Arrays.copyOf(b, b.length / 2));
            },
            WEIGHTS,
            "truncated file"),
        refusedCase(
            "header length larger than the file",
            dir -> {
              byte[] b = Files.readAllBytes(dir.resolve(WEIGHTS));
              ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, b.length + 100L);
              Files.write(dir.resolve(WEIGHTS), b);
            },
            WEIGHTS,
            "header length 3744484 is invalid for a file of 3744384 bytes"),
        refusedCase(
            "header that is not JSON",
            header(h -> "[" + h.toString().substring(1)),
            WEIGHTS,
            "malformed safetensors header"),
        refusedCase(
            "unknown dtype",
            header(
                h -> {
                  entry(h, Q).addProperty("dtype", "F8");
                  return h.toString();
                }),
            WEIGHTS,
            Q,
            "unsupported or missing dtype \"F8\""),
        refusedCase(
            "tensor offsets past the end of the data",
            header(
                h -> {
                  // the last tensor in the data, moved 1 MB further than the file reaches
                  String last = "masked_spec_embed";
                  long len = 128 * 4;
                  offsets(h, last, begin(h, last) + 1_000_000, begin(h, last) + 1_000_000 + len);
                  return h.toString();
                }),
            WEIGHTS,
            "masked_spec_embed' starts at data offset 4735040",
            "tensors must be contiguous and must not overlap"),
        refusedCase(
            "overlapping offsets",
            header(
                h -> {
                  String k = "encoder.layers.0.attention.k_proj.weight";
                  offsets(h, Q, begin(h, k), begin(h, k) + 128 * 128 * 4);
                  return h.toString();
                }),
            WEIGHTS,
            "must not overlap"),
        refusedCase(
            "shape that does not match the byte range",
            header(
                h -> {
                  JsonArray s = new JsonArray();
                  s.add(128);
                  s.add(127);
                  entry(h, Q).add("shape", s);
                  return h.toString();
                }),
            WEIGHTS,
            Q,
            "is 65024 bytes but data_offsets"),
        refusedCase(
            "a missing tensor", tensors(t -> t.remove(Q)), "missing tensor " + Q + " (128, 128)"),
        refusedCase(
            "a mis-shaped tensor",
            tensors(
                t -> {
                  Safetensors.Tensor q = t.get(Q);
                  t.put(Q, new Safetensors.Tensor("F32", new long[] {64, 256}, q.bytes()));
                }),
            "tensor "
                + Q
                + " in model.safetensors has shape (64, 256) but the model expects"
                + " (128, 128)"),
        refusedCase(
            "an integer tensor",
            tensors(
                t -> t.put(Q, new Safetensors.Tensor("I32", t.get(Q).shape(), t.get(Q).bytes()))),
            Q + ": dtype I32 is not a float type"),
        refusedCase(
            "an unexpected tensor",
            tensors(t -> t.put("encoder.extra.weight", t.get(Q))),
            "unexpected tensor encoder.extra.weight (128, 128)"),
        refusedCase(
            "NaN weights",
            tensors(t -> t.put(Q, withFirstValue(t.get(Q), Float.NaN))),
            WEIGHTS,
            Q,
            "NaN"),
        refusedCase(
            "infinite weights",
            tensors(t -> t.put(Q, withFirstValue(t.get(Q), Float.POSITIVE_INFINITY))),
            WEIGHTS,
            Q,
            "Infinity"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenDirectories")
  void refusesWithOneLine(String name, Edit edit, List<String> fragments) throws IOException {
    Path dir = copy(name);
    edit.apply(dir);
    Path out = tmp.resolve("refused.npy");
    encode(dir, out).assertRefused("encode", out, dir, fragments);
  }

  static Stream<Arguments> unusualDirectories() {
    return Stream.of(
        Arguments.of(
            "header entries in reverse data order",
            tensors(
                t -> {
                  List<String> names = new ArrayList<>(t.keySet());
                  Map<String, Safetensors.Tensor> copy = new LinkedHashMap<>(t);
                  t.clear();
                  for (int i = names.size() - 1; i >= 0; i--) {
                    t.put(names.get(i), copy.get(names.get(i)));
                  }
                })),
        Arguments.of(
            "names with the hubert. prefix",
            tensors(
                t -> {
                  Map<String, Safetensors.Tensor> copy = new LinkedHashMap<>(t);
                  t.clear();
                  copy.forEach((k, v) -> t.put("hubert." + k, v));
                })),
        Arguments.of(
            "a classifier head beside the encoder",
            tensors(
                t ->
                    t.put(
                        "classifier.weight",
                        new Safetensors.Tensor("F32", new long[] {2, 4}, floats(new float[8]))))),
        Arguments.of(
            "float64 weights",
            tensors(
                t ->
                    t.replaceAll(
                        (k, v) -> {
                          ByteBuffer in = ByteBuffer.wrap(v.bytes()).order(ByteOrder.LITTLE_ENDIAN);
                          ByteBuffer out =
                              ByteBuffer.allocate(2 * v.bytes().length)
                                  .order(ByteOrder.LITTLE_ENDIAN);
                          while (in.hasRemaining()) {
                            out.putDouble(in.getFloat());
                          }
                          return new Safetensors.Tensor("F64", v.shape(), out.array());
                        }))),
        Arguments.of(
            "__metadata__ with extra keys",
            header(
                h -> {
                  h.getAsJsonObject("__metadata__").addProperty("note", "ünïcode ✓");
                  return h.toString();
                })));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusualDirectories")
  void givesTheOriginalsHiddenStates(String name, Edit edit) throws IOException {
    Path dir = copy(name);
    edit.apply(dir);
    Path out = tmp.resolve(dir.getFileName() + ".npy");
    encode(dir, out).assertWorked(name);
    NpyReader.Array a = NpyReader.read(out);
    assertArrayEquals(baseline.shape(), a.shape(), name);
    assertArrayEquals(baseline.data(), a.data(), 1e-6f, name);
  }

  @org.junit.jupiter.api.Test
  void aModelPathThatIsNotADirectory() {
    Path missing = tmp.resolve("no-such-model");
    Path out = tmp.resolve("missing-model.npy");
    encode(missing, out)
        .assertRefused("encode", out, List.of(missing.resolve(CONFIG) + " does not exist"));
  }
}
