package dev.sure4j.audio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.io.InputLimits;
import dev.sure4j.speech.audio.AudioException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that name other files or URLs (DASH and HLS playlists, FFmpeg concat lists) are refused
 * before FFmpeg opens anything they name: a listener on loopback stands in for the address a sender
 * would choose and must see no connection. Plain audio still decodes.
 */
class FfmpegPlaylistTest {
  @TempDir Path dir;

  private final FfmpegDecoder decoder = new FfmpegDecoder();
  private final AtomicInteger connections = new AtomicInteger();
  private ServerSocket listener;
  private Thread acceptor;

  @BeforeEach
  void listen() throws IOException {
    listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                  connections.incrementAndGet();
                } catch (SocketTimeoutException e) {
                  // keep listening
                } catch (IOException e) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void close() throws Exception {
    listener.close();
    acceptor.join(2000);
  }

  private String url(String file) {
    return "http://127.0.0.1:" + listener.getLocalPort() + "/" + file;
  }

  private void refused(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    AudioException e = assertThrows(AudioException.class, () -> decoder.decode(file));
    System.out.println(name + ": " + e.getMessage());
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().contains("not in one of the allowed audio containers"), name);
    byte[] body = content.getBytes(StandardCharsets.UTF_8);
    AudioException memory =
        assertThrows(
            AudioException.class,
            () -> decoder.decode(body, "request body", "bin", InputLimits.defaults()));
    System.out.println(name + " from memory: " + memory.getMessage());
    assertTrue(memory.getMessage().startsWith("request body: "), memory.getMessage());
    assertTrue(memory.getMessage().contains("not in one of the allowed audio containers"), name);
    Thread.sleep(200);
    assertEquals(0, connections.get(), name + " made FFmpeg connect to the address it names");
  }

  @Test
  void aDashManifestIsRefusedWithoutAnyRequest() throws Exception {
    refused(
        "body.mpd",
        "<?xml version=\"1.0\"?>\n"
            + "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\""
            + " mediaPresentationDuration=\"PT1S\" minBufferTime=\"PT1S\""
            + " profiles=\"urn:mpeg:dash:profile:isoff-on-demand:2011\">\n"
            + " <Period><AdaptationSet mimeType=\"audio/mp4\"><Representation id=\"a\""
            + " bandwidth=\"64000\" codecs=\"mp4a.40.2\"><BaseURL>"
            + url("a.mp4")
            + "</BaseURL></Representation></AdaptationSet></Period>\n</MPD>\n");
  }

  @Test
  void anHlsPlaylistIsRefusedWithoutAnyRequest() throws Exception {
    refused(
        "body.m3u8",
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\n"
            + url("a.ts")
            + "\n#EXT-X-ENDLIST\n");
  }

  @Test
  void aConcatListIsRefusedWithoutAnyRequest() throws Exception {
    refused("body.txt", "ffconcat version 1.0\nfile '" + url("a.wav") + "'\n");
  }

  @Test
  void plainAudioStillDecodes() throws Exception {
    for (String name :
        new String[] {"yes.wav", "yes.flac", "yes.mp3", "yes.m4a", "yes.ogg", "yes.opus"}) {
      assertTrue(decoder.decode(Fixtures.path(name)).frames() > 0, name);
    }
  }
}
