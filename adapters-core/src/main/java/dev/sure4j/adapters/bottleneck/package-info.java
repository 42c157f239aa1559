/**
 * Bottleneck adapters (Houlsby, Pfeiffer, SURE): {@link
 * dev.sure4j.adapters.bottleneck.BottleneckAdapter}, run at residual sites.
 */
package dev.sure4j.adapters.bottleneck;
