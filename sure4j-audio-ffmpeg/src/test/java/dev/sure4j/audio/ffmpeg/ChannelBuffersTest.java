package dev.sure4j.audio.ffmpeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import org.junit.jupiter.api.Test;

/** Sample conversion and channel layout, against hand-computed values. */
class ChannelBuffersTest {
  @Test
  void packedShortsAreDeinterleavedAndScaledBy32768() {
    ChannelBuffers buffers = new ChannelBuffers(2, 100);
    buffers.append(new Buffer[] {ShortBuffer.wrap(new short[] {-32768, 16384, 32767, -1})});
    buffers.append(new Buffer[] {ShortBuffer.wrap(new short[] {1, 2})});
    float[][] x = buffers.samples();
    assertArrayEquals(new float[] {-1f, 32767f / 32768, 1f / 32768}, x[0]);
    assertArrayEquals(new float[] {0.5f, -1f / 32768, 2f / 32768}, x[1]);
  }

  @Test
  void planarFloatsKeepEveryPlaneAsStored() {
    ChannelBuffers buffers = new ChannelBuffers(3, 100);
    buffers.append(
        new Buffer[] {
          FloatBuffer.wrap(new float[] {0.25f, 1.5f}),
          FloatBuffer.wrap(new float[] {-0.5f, 0f}),
          FloatBuffer.wrap(new float[] {2f, -3f})
        });
    float[][] x = buffers.samples();
    assertArrayEquals(new float[] {0.25f, 1.5f}, x[0]);
    assertArrayEquals(new float[] {-0.5f, 0f}, x[1]);
    assertArrayEquals(new float[] {2f, -3f}, x[2]);
  }

  @Test
  void otherSampleTypesFollowTorchaudioScaling() {
    ChannelBuffers ints = new ChannelBuffers(1, 100);
    // FFmpeg's FLAC decoder returns 24-bit audio shifted left by 8: s24 * 256
    ints.append(new Buffer[] {IntBuffer.wrap(new int[] {Integer.MIN_VALUE, 4194304 * 256})});
    assertArrayEquals(new float[] {-1f, 0.5f}, ints.samples()[0]);
    ChannelBuffers bytes = new ChannelBuffers(1, 100);
    bytes.append(new Buffer[] {ByteBuffer.wrap(new byte[] {0, (byte) 128, (byte) 192})});
    assertArrayEquals(new float[] {-1f, 0f, 0.5f}, bytes.samples()[0]);
    ChannelBuffers doubles = new ChannelBuffers(1, 100);
    doubles.append(new Buffer[] {DoubleBuffer.wrap(new double[] {0.125, -2})});
    assertArrayEquals(new float[] {0.125f, -2f}, doubles.samples()[0]);
  }

  @Test
  void aBufferIsReadFromItsPositionToItsLimit() {
    ChannelBuffers buffers = new ChannelBuffers(1, 100);
    FloatBuffer b = FloatBuffer.wrap(new float[] {9f, 0.5f, 0.25f, 9f});
    b.position(1).limit(3);
    buffers.append(new Buffer[] {b});
    assertArrayEquals(new float[] {0.5f, 0.25f}, buffers.samples()[0]);
  }

  @Test
  void inconsistentFramesAreRejected() {
    ChannelBuffers stereo = new ChannelBuffers(2, 100);
    assertThrows(
        IllegalArgumentException.class,
        () -> stereo.append(new Buffer[] {FloatBuffer.wrap(new float[3])}));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            stereo.append(
                new Buffer[] {FloatBuffer.wrap(new float[3]), FloatBuffer.wrap(new float[2])}));
    ChannelBuffers three = new ChannelBuffers(3, 100);
    assertThrows(
        IllegalArgumentException.class,
        () -> three.append(new Buffer[] {FloatBuffer.allocate(2), FloatBuffer.allocate(2)}));
  }

  @Test
  void aFramePastTheMostFramesIsNotAppended() {
    ChannelBuffers buffers = new ChannelBuffers(2, 3);
    assertTrue(buffers.append(new Buffer[] {FloatBuffer.wrap(new float[] {1, 2, 3, 4})}));
    assertFalse(buffers.append(new Buffer[] {FloatBuffer.wrap(new float[] {5, 6, 7, 8})}));
    assertArrayEquals(new float[] {1, 3}, buffers.samples()[0]);
    assertTrue(buffers.append(new Buffer[] {FloatBuffer.wrap(new float[] {5, 6})}));
    assertArrayEquals(new float[] {2, 4, 6}, buffers.samples()[1]);
  }
}
