package dev.sure4j.cli.serve;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Slow and odd clients of the HTTP API on 127.0.0.1: connections that trickle a request head one
 * byte at a time, and WAV bodies whose header declares any rate.
 */
final class Tricklers {

  private Tricklers() {}

  /**
   * Opens a connection that has sent a request line and an unfinished header, with a 1 ms read
   * timeout so that {@link #trickle} does not wait.
   *
   * @param port the server's port on 127.0.0.1
   * @return the socket; the caller closes it
   * @throws IOException when the connection fails
   */
  static Socket open(int port) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(1);
    s.getOutputStream()
        .write(
            "POST /v1/predict/kws HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
                .getBytes(StandardCharsets.ISO_8859_1));
    return s;
  }

  /** Writes one byte, and closes the socket once the server has closed its side. */
  static void trickle(Socket s) throws IOException {
    if (s.isClosed()) {
      return;
    }
    try {
      OutputStream out = s.getOutputStream();
      out.write('a');
      out.flush();
      if (s.getInputStream().read() < 0) {
        s.close();
      }
    } catch (SocketTimeoutException e) {
      // nothing to read yet: the server still waits for the headers
    } catch (IOException e) {
      s.close();
    }
  }

  /**
   * A 16-bit mono PCM WAV of silence whose header declares the given rate.
   *
   * @param rate the declared sample rate in Hz (any int, however absurd)
   * @param frames the samples of silence
   * @return the file's bytes, a 44-byte header and {@code 2 * frames} zero bytes
   */
  static byte[] silentWav(int rate, int frames) {
    ByteBuffer b = ByteBuffer.allocate(44 + 2 * frames).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * frames);
    b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1);
    b.putShort((short) 1).putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * frames);
    return b.array();
  }
}
