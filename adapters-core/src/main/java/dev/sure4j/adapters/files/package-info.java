/**
 * Adapter directories: {@link dev.sure4j.adapters.files.AdapterFiles} saves and loads an adapter as
 * {@code adapter_model.safetensors} plus {@code adapter_config.json} (sure4j's and PEFT's layouts),
 * with the JSON of each method's spec and the tensor names of its parameters. The byte-level
 * formats underneath are in {@code dev.sure4j.adapters.io}.
 */
package dev.sure4j.adapters.files;
