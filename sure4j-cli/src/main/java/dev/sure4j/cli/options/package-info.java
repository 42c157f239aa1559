/**
 * Options several commands share, as picocli mixins: the backbone ({@code --model}), the adapters
 * ({@code --adapter}), the device ({@code --device}), the seed ({@code --seed}), the data ({@code
 * --data}) and the output ({@code --out}).
 */
package dev.sure4j.cli.options;
