#!/usr/bin/env bash
# Test fixtures of sure4j-audio-ffmpeg (src/test/resources/audio/); see docs/audio.md.
# Needs sox (with FLAC and Ogg Vorbis) and Maven (builds the module to run EncodeFixtures).
#   sure4j-audio-ffmpeg/src/test/python/make_ffmpeg_fixtures.sh
# Sources (the espeak-ng word "yes" of adapters-speech, 16 kHz 16-bit):
#   yes.wav                    mono, copied from adapters-speech
#   yes_stereo.wav             stereo: left = yes.wav, right = yes.wav reversed (the channels differ)
#   yes_44k_stereo24.wav       44.1 kHz 24-bit stereo (right = left * 0.5), copied from adapters-speech
# Lossless, written by sox (reference: the source WAV, exactly):
#   yes.flac, yes_stereo.flac, yes_44k_stereo24.flac
# Ogg Vorbis written by sox (quality 3) and its independent reference decode by sox (libvorbis):
#   yes.ogg, yes_stereo.ogg; yes.ogg.sox.wav, yes_stereo.ogg.sox.wav (32-bit float WAV)
# Lossy, written by FFmpeg's encoders through javacv (EncodeFixtures; no independent decoder here):
#   yes.mp3, yes_stereo.mp3 (libmp3lame 64 kb/s), yes.m4a, yes_stereo.m4a (AAC 64 kb/s),
#   yes.opus, yes_stereo.opus (libopus 32 kb/s)
# sox runs with -R (no dither, reproducible output).
set -euo pipefail
module="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
src="$module/../adapters-speech/src/test/resources/audio/speech"
out="$module/src/test/resources/audio"
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

cp "$src/yes.wav" "$src/yes_44k_stereo24.wav" "$out/"
sox -R "$out/yes.wav" "$tmp/reversed.wav" reverse
sox -R -M "$out/yes.wav" "$tmp/reversed.wav" "$out/yes_stereo.wav"
for stem in yes yes_stereo yes_44k_stereo24; do
  sox -R "$out/$stem.wav" "$out/$stem.flac"
done
for stem in yes yes_stereo; do
  sox -R "$out/$stem.wav" -C 3 "$out/$stem.ogg"
  sox -R "$out/$stem.ogg" -e floating-point -b 32 "$out/$stem.ogg.sox.wav"
done

cd "$module/.."
mvn -B -q -o -pl sure4j-audio-ffmpeg -am package dependency:build-classpath -DskipTests \
  -Dmaven.javadoc.skip -Dspotless.check.skip -Dmdep.includeScope=test -Dmdep.outputFile="$tmp/cp"
java -cp "$module/target/test-classes:$module/target/classes:$(cat "$tmp/cp")" \
  dev.sure4j.audio.ffmpeg.EncodeFixtures "$out"
