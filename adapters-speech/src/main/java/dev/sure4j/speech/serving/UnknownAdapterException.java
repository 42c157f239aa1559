package dev.sure4j.speech.serving;

import java.util.Collection;

/** A request named an adapter that is not loaded (or was removed before its turn came). */
public final class UnknownAdapterException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param name the adapter the request named
   * @param loaded the adapters that are loaded
   */
  public UnknownAdapterException(String name, Collection<String> loaded) {
    super(String.format("no adapter '%s' is loaded; loaded: %s", name, loaded));
  }
}
