#!/usr/bin/env bash
# Adapts the bundled models/mini-tts to three voices it never heard (the corpus' held-out en-029+f4
# and the two of tools/make_tts_voices.py) with LoRA, the ConvAdapter and the bottleneck, each with
# the defaults of `train --task tts` and three seeds, and writes one CSV row per run from its
# metrics.json: fairseq's MCD before and after, F0 RMSE in cents, the length ratio and the DTW
# path's insertions and deletions, on the 10 test sentences of each voice.
#
# Usage (from the repository root): bash tools/tts_voices.sh OUT [seeds] [methods]
#   OUT      a new directory: voices, runs and OUT/voices.csv
#   seeds    how many seeds, from 0 (default 3)
#   methods  comma-separated --method names (default lora,conv,bottleneck)
set -euo pipefail
out=${1:?usage: tts_voices.sh OUT [seeds] [methods]}
seeds=${2:-3}
methods=${3:-lora,conv,bottleneck}
mkdir -p "$out"
python3 tools/make_tts_voices.py --out "$out/voices"
declare -A data=(
  [carib_f4]=data/mini/tts/adapt.csv
  [rp_m7]="$out/voices/rp_m7/adapt.csv"
  [nyc_f5]="$out/voices/nyc_f5/adapt.csv"
)
csv="$out/voices.csv"
echo "voice,method,seed,mcd_before,mcd,change_percent,f0_rmse_cents_before,f0_rmse_cents,length_ratio,dtw_insertions,dtw_deletions,train_seconds,wall_seconds" > "$csv"
for voice in carib_f4 rp_m7 nyc_f5; do
  for method in ${methods//,/ }; do
    for ((seed = 0; seed < seeds; seed++)); do
      run="$out/runs/$voice/$method/seed$seed"
      mkdir -p "$(dirname "$run")"
      start=$(date +%s)
      ./sure4j train --task tts --data "manifest:${data[$voice]}" --method "$method" \
        --seed "$seed" --out "$run" > "$run.log" 2>&1 || { echo "failed: $run (see $run.log)"; continue; }
      wall=$(( $(date +%s) - start ))
      python3 - "$run/metrics.json" "$voice" "$method" "$seed" "$wall" >> "$csv" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
change = 100.0 * (m["mcd"] - m["mcd_before"]) / m["mcd_before"]
print(",".join(str(x) for x in [sys.argv[2], sys.argv[3], sys.argv[4], round(m["mcd_before"], 4),
      round(m["mcd"], 4), round(change, 2), round(m["f0_rmse_cents_before"], 1), round(m["f0_rmse_cents"], 1),
      round(m["length_ratio"], 4), round(m["dtw_insertions"], 4), round(m["dtw_deletions"], 4),
      round(m.get("train_seconds", float("nan")), 1), sys.argv[5]]))
EOF
      tail -1 "$csv"
    done
  done
done
echo "wrote $csv"
