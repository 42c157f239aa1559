#!/usr/bin/env bash
# Copy-synthesis quality of a trained HiFi-GAN against Griffin-Lim on the held-out (val) recordings of a
# TTS manifest: for each recording, its log-mel (./sure4j mel, hifigan preset) is vocoded by Griffin-Lim
# (32 iterations) and by the vocoder, and each output is compared with the recording (fairseq MCD, 13 MFCCs
# with DTW; log-spectral distance in dB), as ./sure4j vocode --reference prints them. Prints the means.
#   tools/vocoder_eval.sh VOCODER_DIR [MANIFEST, default data/mini/tts/base.csv] [SPLIT, default val]
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
vocoder=$1
manifest=${2:-data/mini/tts/base.csv}
split=${3:-val}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$(dirname "$manifest")
grep ",$split\$" "$manifest" | cut -d, -f1 | while read -r rel; do
  audio="$root/$rel"
  ./sure4j mel --audio "$audio" --out "$work/m.npy" >/dev/null
  gl=$(./sure4j vocode --mel "$work/m.npy" --out "$work/gl.npy" --reference "$audio" | grep '^vs ')
  gan=$(./sure4j vocode --mel "$work/m.npy" --out "$work/gan.npy" --reference "$audio" \
    --vocoder "$vocoder" | grep '^vs ')
  echo "$rel | griffin-lim: ${gl#*: } | hifi-gan: ${gan#*: }"
done | tee "$work/rows"
awk -F'MCD |, log-spectral distance | dB' '{ g += $2; l += $3; h += $5; k += $6; n++ }
  END { printf "mean over %d: griffin-lim MCD %.3f LSD %.2f dB; hifi-gan MCD %.3f LSD %.2f dB\n",
        n, g / n, l / n, h / n, k / n }' "$work/rows"
