package dev.sure4j.cli.serve;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client on a socket to 127.0.0.1, for headers {@link java.net.http.HttpClient}
 * will not send (such as {@code Host}); every read has a 10 s timeout.
 */
final class RawHttp {

  /** One answer: its status, its headers (lower-case names) and its body. */
  record Reply(int status, Map<String, String> headers, String body) {
    JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }
  }

  private RawHttp() {}

  /**
   * Sends one GET with the given extra header lines and reads the whole answer.
   *
   * @param port the server's port on 127.0.0.1
   * @param path the path
   * @param headers header lines, each {@code "Name: value"}, the {@code Host} one included
   * @return the answer
   * @throws IOException when the exchange fails
   */
  static Reply get(int port, String path, String... headers) throws IOException {
    StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
    for (String h : headers) {
      request.append(h).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return parse(readAll(s.getInputStream()));
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    return all.toString(StandardCharsets.UTF_8);
  }

  /**
   * Reads one answer by its {@code Content-Length}, leaving the connection open for the next.
   *
   * @param in the connection's input
   * @return the answer
   * @throws IOException when the connection closes before the answer's head ends
   */
  static Reply read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    String text = "";
    while (!text.endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the server closed the connection before an answer: '" + text + "'");
      }
      head.write(b);
      text = head.toString(StandardCharsets.ISO_8859_1);
    }
    Reply bare = parse(text);
    byte[] body = in.readNBytes(Integer.parseInt(bare.headers().get("content-length")));
    return new Reply(bare.status(), bare.headers(), new String(body, StandardCharsets.UTF_8));
  }

  private static Reply parse(String raw) {
    int end = raw.indexOf("\r\n\r\n");
    String[] lines = raw.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    return new Reply(status, headers, raw.substring(end + 4));
  }
}
