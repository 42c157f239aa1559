/**
 * The method interface: {@link dev.sure4j.adapters.method.AdapterMethod} (the one description of an
 * adaptation method: its names, site, block, parameter formula, file fields and capabilities), its
 * base class, the {@link dev.sure4j.adapters.method.Adapter} one attachment creates, and the size
 * bounds every method checks. Method packages ({@code lora}, {@code bottleneck}, ...) implement it;
 * it depends only on the value types, the host blocks, injection and the low-level file formats.
 */
package dev.sure4j.adapters.method;
