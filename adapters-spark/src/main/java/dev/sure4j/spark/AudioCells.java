package dev.sure4j.spark;

import dev.sure4j.speech.audio.AudioPipeline;
import dev.sure4j.speech.audio.WavReader;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Turns a row's audio cell into the model's input waveform: a string is a Hadoop path (a local file
 * goes through {@link AudioPipeline#load}, so every format its decoders read works; a file on
 * another filesystem is read as bytes and must be WAV), a {@code byte[]} is a whole WAV file.
 */
final class AudioCells {

  private AudioCells() {}

  /**
   * Reads one cell.
   *
   * @param cell a {@code String} path or the {@code byte[]} of a WAV file
   * @param pipeline the backbone's audio pipeline
   * @param conf resolves the path's filesystem
   * @return samples {@code [samples]} at the pipeline's rate, mono, normalised as the pipeline says
   * @throws IOException when the audio cannot be read or decoded (the message names it)
   * @throws IllegalArgumentException for a null cell or a cell of another type
   */
  static float[] read(Object cell, AudioPipeline pipeline, Configuration conf) throws IOException {
    if (cell instanceof byte[] bytes) {
      return pipeline.process(WavReader.parse(bytes, "WAV bytes"), "WAV bytes");
    }
    if (!(cell instanceof String text)) {
      throw new IllegalArgumentException(
          "the audio cell is "
              + (cell == null ? "null" : "a " + cell.getClass().getSimpleName())
              + ", expected a path string or WAV bytes");
    }
    Path path = new Path(text);
    FileSystem fs = path.getFileSystem(conf);
    if (fs instanceof LocalFileSystem local) {
      return pipeline.load(local.pathToFile(path).toPath());
    }
    try (InputStream in = fs.open(path)) {
      return pipeline.process(WavReader.parse(in.readAllBytes(), text), text);
    }
  }

  /**
   * Describes a cell for an error message.
   *
   * @param cell the cell
   * @return the path, or the size of the bytes
   */
  static String describe(Object cell) {
    return cell instanceof byte[] b ? b.length + " bytes of audio" : String.valueOf(cell);
  }
}
