/**
 * {@code ./sure4j serve}: an HTTP front for {@link dev.sure4j.speech.serving.AdapterServer} on the
 * JDK's built-in {@code com.sun.net.httpserver}, and a loopback load test. The API is documented in
 * {@code docs/serving.md}.
 */
package dev.sure4j.cli.serve;
