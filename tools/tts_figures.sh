#!/usr/bin/env bash
# Draws the pictures of docs/tasks/tts.md for one test sentence of the bundled TTS corpus
# (data/mini/tts/adapt.csv, voice carib_f4, never seen by models/mini-tts): the log-mel spectrogram of
# the recording, of the unadapted model and of the model adapted with the bottleneck (train --task
# tts defaults, TTS_FIGURE_STEPS steps, default 200), and the adaptation's training curve (loss per
# step, from <out>.training/train_log.csv). Usage: tools/tts_figures.sh [image directory]
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
img=${1:-docs/tasks/img}
steps=${TTS_FIGURE_STEPS:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$img"
text="Let us meet at the park on Sunday."
clip=data/mini/tts/adapt/carib_f4/carib_f4_062.flac
grep -q "carib_f4_062.flac,$text,carib_f4,test" data/mini/tts/adapt.csv

./sure4j mel --preset fastspeech2 --audio "$clip" --out "$work/recording.npy" \
  --plot "$img/tts-recording.png"
./sure4j tts --text "$text" --out "$work/unadapted.wav" --plot "$img/tts-unadapted.png"
./sure4j train --task tts --data manifest:data/mini/tts/adapt.csv --method bottleneck \
  --max-steps "$steps" --out "$work/adapted"
./sure4j tts --text "$text" --adapter "$work/adapted" --out "$work/adapted.wav" \
  --plot "$img/tts-adapted.png"
cp "$work/adapted.training/loss.png" "$img/tts-adaptation-loss.png"
ls -l "$img"/tts-*.png
