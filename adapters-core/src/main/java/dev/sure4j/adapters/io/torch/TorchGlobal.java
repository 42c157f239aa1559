package dev.sure4j.adapters.io.torch;

import dev.sure4j.adapters.io.TensorDType;
import java.util.Arrays;
import java.util.Optional;

/**
 * The allowlist: the only Python globals a {@code data.pkl} may name. A state dict saved by {@code
 * torch.save} (and a Hugging Face {@code pytorch_model.bin}) needs the ordered dict, the tensor and
 * parameter rebuild functions and the typed storage classes; any other global is refused before
 * anything else of the file is looked at. Nothing is ever called: each constant is a tag that the
 * unpickler interprets itself.
 */
enum TorchGlobal {
  /** {@code collections.OrderedDict}: the state dict itself and its {@code _metadata}. */
  ORDERED_DICT("collections", "OrderedDict", null),
  /** {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, ...)}. */
  REBUILD_TENSOR_V2("torch._utils", "_rebuild_tensor_v2", null),
  /** {@code torch._utils._rebuild_parameter(data, requires_grad, backward_hooks)}. */
  REBUILD_PARAMETER("torch._utils", "_rebuild_parameter", null),
  /** {@code torch._utils._rebuild_parameter_with_state(data, requires_grad, hooks, state)}. */
  REBUILD_PARAMETER_WITH_STATE("torch._utils", "_rebuild_parameter_with_state", null),
  /** {@code torch.FloatStorage}: float32. */
  FLOAT_STORAGE("torch", "FloatStorage", TensorDType.F32),
  /** {@code torch.HalfStorage}: float16. */
  HALF_STORAGE("torch", "HalfStorage", TensorDType.F16),
  /** {@code torch.BFloat16Storage}: bfloat16. */
  BFLOAT16_STORAGE("torch", "BFloat16Storage", TensorDType.BF16),
  /** {@code torch.DoubleStorage}: float64. */
  DOUBLE_STORAGE("torch", "DoubleStorage", TensorDType.F64),
  /** {@code torch.LongStorage}: int64. */
  LONG_STORAGE("torch", "LongStorage", TensorDType.I64),
  /** {@code torch.IntStorage}: int32. */
  INT_STORAGE("torch", "IntStorage", TensorDType.I32),
  /** {@code torch.ShortStorage}: int16. */
  SHORT_STORAGE("torch", "ShortStorage", TensorDType.I16),
  /** {@code torch.CharStorage}: int8. */
  CHAR_STORAGE("torch", "CharStorage", TensorDType.I8),
  /** {@code torch.ByteStorage}: uint8. */
  BYTE_STORAGE("torch", "ByteStorage", TensorDType.U8),
  /** {@code torch.BoolStorage}: bool, one byte. */
  BOOL_STORAGE("torch", "BoolStorage", TensorDType.BOOL);

  private final String module;
  private final String name;
  private final TensorDType storageType;

  TorchGlobal(String module, String name, TensorDType storageType) {
    this.module = module;
    this.name = name;
    this.storageType = storageType;
  }

  /**
   * Looks a global up in the allowlist.
   *
   * @param module the Python module, such as {@code torch._utils}
   * @param name the name in the module
   * @return the allowed global, or empty when it is not allowed
   */
  static Optional<TorchGlobal> find(String module, String name) {
    return Arrays.stream(values())
        .filter(g -> g.module.equals(module) && g.name.equals(name))
        .findFirst();
  }

  /**
   * Returns the element type of a storage class.
   *
   * @return the type, or empty when this global is not a storage class
   */
  Optional<TensorDType> storageType() {
    return Optional.ofNullable(storageType);
  }

  /**
   * Returns the dotted Python name.
   *
   * @return such as {@code torch.FloatStorage}
   */
  String qualifiedName() {
    return module + "." + name;
  }
}
