/**
 * {@code ./sure4j serve}: an HTTP front for {@link dev.sure4j.speech.serving.AdapterServer},
 * written against the JDK's {@code com.sun.net.httpserver} interface and served by Jetty with
 * per-connection deadlines, and a loopback load test. The API is documented in {@code
 * docs/serving.md}.
 */
package dev.sure4j.cli.serve;
