package dev.sure4j.cli.serve;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits the bytes a server sent on one connection into HTTP/1.1 replies and checks that each is
 * well formed: a status line {@code HTTP/1.1 NNN reason}, header lines with a colon, the blank
 * line, and a body of exactly {@code Content-Length} bytes (none for a 1xx or an answer to HEAD).
 */
final class HttpReplies {

  private HttpReplies() {}

  /**
   * Returns the status of every reply, in order.
   *
   * @param raw everything read from the connection until the server closed it
   * @param head whether a reply may omit its body (the request may have been a HEAD)
   * @return the statuses, interim 1xx ones included
   * @throws AssertionError naming the offset of the first malformed byte
   */
  static List<Integer> statuses(byte[] raw, boolean head) {
    String s = new String(raw, StandardCharsets.ISO_8859_1);
    List<Integer> out = new ArrayList<>();
    int pos = 0;
    while (pos < s.length()) {
      if (!s.startsWith("HTTP/1.1 ", pos) || s.length() < pos + 12) {
        throw new AssertionError("no status line at byte " + pos + ": " + excerpt(s, pos));
      }
      int end = s.indexOf("\r\n\r\n", pos);
      if (end < 0) {
        throw new AssertionError("headers do not end, from byte " + pos + ": " + excerpt(s, pos));
      }
      String[] lines = s.substring(pos, end).split("\r\n", -1);
      int status = parseStatus(lines[0], pos);
      long length = 0;
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon <= 0) {
          throw new AssertionError("header line without a name: " + excerpt(lines[i], 0));
        }
        String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = lines[i].substring(colon + 1).trim();
        if (name.equals("content-length")) {
          length = Long.parseLong(value);
        } else if (name.equals("transfer-encoding")) {
          throw new AssertionError("a reply with Transfer-Encoding: " + value);
        }
      }
      out.add(status);
      pos = end + 4;
      boolean noBody =
          status < 200 || (head && (pos == s.length() || s.startsWith("HTTP/1.1 ", pos)));
      if (!noBody) {
        if (pos + length > s.length()) {
          throw new AssertionError(
              "body of " + length + " bytes, " + (s.length() - pos) + " sent: " + excerpt(s, pos));
        }
        pos += (int) length;
      }
    }
    return out;
  }

  private static int parseStatus(String line, int pos) {
    String code = line.substring(9, 12);
    if (!code.chars().allMatch(Character::isDigit)
        || (line.length() > 12 && line.charAt(12) != ' ')) {
      throw new AssertionError("bad status line at byte " + pos + ": " + excerpt(line, 0));
    }
    return Integer.parseInt(code);
  }

  private static String excerpt(String s, int from) {
    String e = s.substring(from, Math.min(s.length(), from + 120));
    return e.replace("\r", "\\r").replace("\n", "\\n");
  }
}
