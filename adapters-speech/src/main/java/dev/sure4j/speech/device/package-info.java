/**
 * Where models run: {@link dev.sure4j.speech.device.Devices} parses the command line's {@code cpu},
 * {@code gpu} and {@code gpu:N} and checks that a requested GPU exists before anything is loaded
 * onto it.
 */
package dev.sure4j.speech.device;
