package dev.sure4j.cli.serve;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer the server itself gives when it refuses a request before any handler (a malformed
 * request line, a head over {@link ServerTuning#maxHeaderBytes()}, a missing {@code Host}): {@code
 * {"error": "431 Request Header Fields Too Large"}}, one line of JSON with the status and its
 * reason phrase, naming no class, path or server version, like the handlers' own errors.
 */
final class JsonErrorPage implements Request.Handler {

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof HttpException e) {
      status = e.getCode();
      response.setStatus(status);
    }
    if (HttpStatus.hasNoBody(status)) {
      callback.succeeded();
      return true;
    }
    byte[] body = JsonExchange.errorBody(status + " " + HttpStatus.getMessage(status));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JsonExchange.CONTENT_TYPE);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
