package dev.sure4j.adapters.io.torch;

import java.io.IOException;

/** A pickle that ends before its {@code STOP}: the file is truncated, or more bytes are needed. */
final class TruncatedPickleException extends IOException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the one-line message, naming the file and byte
   */
  TruncatedPickleException(String message) {
    super(message);
  }
}
