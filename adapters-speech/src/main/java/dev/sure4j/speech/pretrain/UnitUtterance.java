package dev.sure4j.speech.pretrain;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One pretraining utterance: the waveform the encoder sees and one unit label per encoder frame.
 *
 * @param id a name for messages (for example the audio file)
 * @param wave samples at 16 kHz, {@code [samples]} (as the encoder should see them, e.g.
 *     normalised); not copied
 * @param units {@code [frames]} cluster indices, {@code frames = EncoderConfig.frames(samples)};
 *     not copied
 */
public record UnitUtterance(String id, float[] wave, int[] units) {

  /** Checks the values. */
  public UnitUtterance {
    checkArgument(id != null, "id must not be null");
    checkArgument(wave != null && units != null, "%s: wave and units must not be null", id);
    checkArgument(units.length > 0, "%s: no frame (%s samples)", id, wave.length);
  }
}
