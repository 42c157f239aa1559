package dev.sure4j.adapters.io.torch;

import dev.sure4j.adapters.io.InputLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pickle reader that understands only what a {@code torch.save}d state dict contains, and runs
 * nothing. It implements the opcodes of pickle protocols 2 to 4 that such a pickle uses (and a few
 * neighbours); a global must be on the {@link TorchGlobal} allowlist or the file is refused with
 * the global's name. Allowed globals are interpreted here, never looked up or called.
 *
 * <p>Results: a dict is a {@link LinkedHashMap} (insertion order, as {@code OrderedDict}), a list
 * an {@link ArrayList}, a tuple an unmodifiable {@link List}, integers {@link Long}, floats {@link
 * Double} (integers over 8 bytes {@link BigInteger}), strings {@link String}, {@code None} null, a
 * storage reference a {@link TorchStorage} and a rebuilt tensor or parameter a {@link TorchTensor}.
 */
final class RestrictedUnpickler {

  private static final Object MARK = new Object();

  private final ByteBuffer in;
  private final String where;
  private final List<Object> stack = new ArrayList<>();
  private final List<Integer> marks = new ArrayList<>();
  private final Map<Long, Object> memo = new HashMap<>();
  private final StateDictObjects objects = new StateDictObjects(this::error);
  private final PickleOperands operands;
  private int opcodeAt;
  private int pushed;
  private final int maxObjects;
  private final int maxDepth;

  private RestrictedUnpickler(ByteBuffer pickle, String where, InputLimits limits) {
    this.in = pickle.order(ByteOrder.LITTLE_ENDIAN);
    this.where = where;
    this.maxObjects = limits.maxPickleObjects();
    this.maxDepth = limits.maxPickleDepth();
    this.operands = new PickleOperands(in, this::error);
  }

  /**
   * Reads one pickle.
   *
   * @param pickle the whole pickle
   * @param where the file and entry, for messages, such as {@code /m/pytorch_model.bin:
   *     archive/data.pkl}
   * @param limits the object and nesting budgets ({@link InputLimits#maxPickleObjects()}, {@link
   *     InputLimits#maxPickleDepth()})
   * @return the pickled object
   * @throws IOException when the pickle names a global off the allowlist, uses an unsupported
   *     opcode, is malformed or exceeds a budget; the message names {@code where} and the byte
   */
  static Object load(byte[] pickle, String where, InputLimits limits) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(pickle);
    Object o = new RestrictedUnpickler(b, where, limits).run();
    if (b.hasRemaining()) {
      throw new IOException(where + ": " + b.remaining() + " bytes after the pickle's STOP");
    }
    return o;
  }

  /**
   * Reads one pickle from a buffer that may hold more after it, as the legacy format's sequence of
   * pickles does.
   *
   * @param pickles the bytes, from their position; left just after the pickle's {@code STOP}
   * @param where the file, for messages
   * @param limits the object and nesting budgets
   * @return the pickled object
   * @throws TruncatedPickleException when the buffer ends before the pickle's {@code STOP}
   * @throws IOException as {@link #load(byte[], String, InputLimits)}
   */
  static Object loadNext(ByteBuffer pickles, String where, InputLimits limits) throws IOException {
    return new RestrictedUnpickler(pickles, where, limits).run();
  }

  private Object run() throws IOException {
    try {
      while (true) {
        opcodeAt = in.position();
        int op = in.get() & 0xff;
        if (op == '.') {
          if (stack.size() != 1) {
            throw error("STOP with " + stack.size() + " objects on the stack");
          }
          return stack.get(0);
        }
        step(op);
      }
    } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new TruncatedPickleException(
          error("the pickle ends in the middle of an opcode (truncated pickle)").getMessage());
    } catch (StackOverflowError e) {
      throw error("the pickle nests too deeply or refers to itself");
    } catch (ClassCastException | ArithmeticException | IllegalArgumentException e) {
      throw error("malformed pickle (" + e.getMessage() + ")");
    }
  }

  private void step(int op) throws IOException {
    switch (op) {
      case 0x80 -> checkProtocol(in.get() & 0xff);
      case 0x95 -> in.getLong(); // FRAME: a length hint only
      case '(' -> {
        if (marks.size() >= maxDepth) {
          throw error("MARKs nested more than " + maxDepth + " deep (limit maxPickleDepth)");
        }
        marks.add(stack.size());
        stack.add(MARK);
      }
      case '0' -> pop();
      case '1' -> popMark();
      case '2' -> push(peek());
      case '}' -> push(new LinkedHashMap<>());
      case 'd' -> push(dict(popMark()));
      case ']' -> push(new ArrayList<>());
      case 'l' -> push(new ArrayList<>(popMark()));
      case ')' -> push(tuple());
      case 't' -> push(tuple(popMark().toArray()));
      case 0x85 -> push(tuple(pop()));
      case 0x86 -> {
        Object b = pop();
        push(tuple(pop(), b));
      }
      case 0x87 -> {
        Object c = pop();
        Object b = pop();
        push(tuple(pop(), b, c));
      }
      case 'J' -> push((long) in.getInt());
      case 'K' -> push((long) (in.get() & 0xff));
      case 'M' -> push((long) (in.getShort() & 0xffff));
      case 0x8a -> push(operands.longValue(in.get() & 0xff));
      case 0x8b -> push(operands.longValue(in.getInt()));
      case 'X' -> push(operands.text(in.getInt() & 0xffffffffL, StandardCharsets.UTF_8));
      case 0x8c -> push(operands.text(in.get() & 0xff, StandardCharsets.UTF_8));
      case 0x8d -> push(operands.text(in.getLong(), StandardCharsets.UTF_8));
      case 'T' -> push(operands.text(in.getInt() & 0xffffffffL, StandardCharsets.ISO_8859_1));
      case 'U' -> push(operands.text(in.get() & 0xff, StandardCharsets.ISO_8859_1));
      case 'G' -> push(in.order(ByteOrder.BIG_ENDIAN).getDouble());
      case 0x88 -> push(Boolean.TRUE);
      case 0x89 -> push(Boolean.FALSE);
      case 'N' -> push(null);
      case 'q' -> memo.put((long) (in.get() & 0xff), peek());
      case 'r' -> memo.put(in.getInt() & 0xffffffffL, peek());
      case 0x94 -> memo.put((long) memo.size(), peek());
      case 'h' -> push(memoGet(in.get() & 0xff));
      case 'j' -> push(memoGet(in.getInt() & 0xffffffffL));
      case 'c' -> push(global(operands.line(), operands.line()));
      case 0x93 -> {
        String name = (String) pop();
        push(global((String) pop(), name));
      }
      case 'R' -> {
        List<?> args = arguments(pop());
        push(objects.call(pop(), args));
      }
      case 0x81 -> {
        List<?> args = arguments(pop());
        Object cls = pop();
        if (cls != TorchGlobal.ORDERED_DICT || !args.isEmpty()) {
          throw error("cannot instantiate " + PickleText.describe(cls) + " with NEWOBJ");
        }
        push(new LinkedHashMap<>());
      }
      case 'b' -> objects.build(pop(), peek());
      case 's' -> {
        Object value = pop();
        Object key = pop();
        map(peek()).put(DictKeys.check(key, this::error), value);
      }
      case 'u' -> {
        List<Object> items = popMark();
        map(peek()).putAll(dict(items));
      }
      case 'a' -> {
        Object value = pop();
        list(peek()).add(value);
      }
      case 'e' -> {
        List<Object> items = popMark();
        list(peek()).addAll(items);
      }
      case 'Q' -> push(objects.storage(pop()));
      default -> throw error(String.format("unsupported pickle opcode 0x%02x", op));
    }
    in.order(ByteOrder.LITTLE_ENDIAN);
  }

  private void checkProtocol(int protocol) throws IOException {
    if (protocol < 2 || protocol > 5) {
      throw error("unsupported pickle protocol " + protocol);
    }
  }

  private TorchGlobal global(String module, String name) throws IOException {
    Optional<TorchGlobal> g = TorchGlobal.find(module, name);
    if (g.isEmpty()) {
      throw new IOException(
          where
              + ": refusing global '"
              + PickleText.printable(module + "." + name)
              + "' (only the globals of a tensor state dict are allowed; nothing was run)");
    }
    return g.get();
  }

  private Object memoGet(long key) throws IOException {
    if (!memo.containsKey(key)) {
      throw error("memo key " + key + " was never stored");
    }
    return memo.get(key);
  }

  private static List<Object> tuple(Object... items) {
    return Collections.unmodifiableList(Arrays.asList(items));
  }

  private Map<Object, Object> dict(List<Object> items) throws IOException {
    if (items.size() % 2 != 0) {
      throw error("odd number of items for a dict: " + items.size());
    }
    Map<Object, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i += 2) {
      m.put(DictKeys.check(items.get(i), this::error), items.get(i + 1));
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  private Map<Object, Object> map(Object o) throws IOException {
    if (!(o instanceof LinkedHashMap)) {
      throw error("SETITEM on " + PickleText.describe(o));
    }
    return (Map<Object, Object>) o;
  }

  /** The arguments of REDUCE or NEWOBJ: a tuple (None, say, is refused, not dereferenced). */
  private List<?> arguments(Object o) throws IOException {
    if (!(o instanceof List<?> args)) {
      throw error("a call's arguments are not a tuple: " + PickleText.describe(o));
    }
    return args;
  }

  @SuppressWarnings("unchecked")
  private List<Object> list(Object o) throws IOException {
    if (!(o instanceof ArrayList)) {
      throw error("APPEND on " + PickleText.describe(o));
    }
    return (List<Object>) o;
  }

  private void push(Object o) throws IOException {
    if (++pushed > maxObjects) {
      throw error("more than " + maxObjects + " objects (limit maxPickleObjects)");
    }
    stack.add(o);
  }

  private Object pop() throws IOException {
    Object o = peek();
    stack.remove(stack.size() - 1);
    return o;
  }

  private Object peek() throws IOException {
    if (stack.isEmpty() || stack.get(stack.size() - 1) == MARK) {
      throw error("stack underflow");
    }
    return stack.get(stack.size() - 1);
  }

  private List<Object> popMark() throws IOException {
    if (marks.isEmpty()) {
      throw error("no MARK on the stack");
    }
    int at = marks.remove(marks.size() - 1);
    List<Object> items = new ArrayList<>(stack.subList(at + 1, stack.size()));
    stack.subList(at, stack.size()).clear();
    return items;
  }

  private IOException error(String message) {
    return new IOException(where + " byte " + opcodeAt + ": " + message);
  }
}
