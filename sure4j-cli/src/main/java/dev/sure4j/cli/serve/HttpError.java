package dev.sure4j.cli.serve;

/** A request the API refuses: its HTTP status and the one-line reason sent as {@code {"error"}}. */
final class HttpError extends Exception {

  private static final long serialVersionUID = 1L;

  private final int status;

  HttpError(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
