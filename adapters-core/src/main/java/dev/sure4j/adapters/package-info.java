/**
 * The adapter API: {@link dev.sure4j.adapters.AdapterSpec} (one immutable record per method, in the
 * method's own package, with SURE reference defaults), the method registry {@link
 * dev.sure4j.adapters.AdapterMethods}, {@link dev.sure4j.adapters.Targets}, and {@link
 * dev.sure4j.adapters.AdapterModel}, which adds, activates, freezes, counts, merges and removes
 * named adapters on a host model.
 */
package dev.sure4j.adapters;
