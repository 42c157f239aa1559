/**
 * The adapter API: the sealed {@link dev.sure4j.adapters.AdapterSpec} hierarchy (one immutable
 * record per method, with SURE reference defaults), {@link dev.sure4j.adapters.Targets}, and {@link
 * dev.sure4j.adapters.AdapterModel}, which adds, activates, freezes, counts, merges and removes
 * named adapters on a host model.
 */
package dev.sure4j.adapters;
