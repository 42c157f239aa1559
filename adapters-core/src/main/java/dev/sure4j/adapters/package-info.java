/**
 * The value types of the adapter API, which every other package may use and which use nothing of
 * sure4j's: {@link dev.sure4j.adapters.AdapterSpec} (one immutable record per method, in the
 * method's own package, with SURE reference defaults), {@link dev.sure4j.adapters.Targets} (which
 * injection points an adapter attaches to), {@link dev.sure4j.adapters.AdapterInit} and {@link
 * dev.sure4j.adapters.AdapterActivation}. The model that uses them is in {@code
 * dev.sure4j.adapters.model}.
 */
package dev.sure4j.adapters;
