/**
 * Mixed-adapter batches: one inference pass of the backbone in which every row runs with its own
 * adapter (S-LoRA / Punica style), for methods whose adapters act on each row alone.
 */
package dev.sure4j.adapters.mixed;
