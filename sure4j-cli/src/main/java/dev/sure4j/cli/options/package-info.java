/**
 * Options several commands share, as picocli mixins: the backbone ({@code --model}), the adapters
 * ({@code --adapter}), the device ({@code --device}) and the seed ({@code --seed}).
 */
package dev.sure4j.cli.options;
