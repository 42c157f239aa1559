/**
 * Injection machinery shared by every method: the points a host model declares ({@link
 * dev.sure4j.adapters.inject.InjectionPoint}, found by walking its block tree with {@link
 * dev.sure4j.adapters.inject.InjectionPoints}), the kinds of host ({@link
 * dev.sure4j.adapters.inject.Site}), the contracts of the blocks that carry adapters, and target
 * resolution that checks every target before anything changes.
 */
package dev.sure4j.adapters.inject;
