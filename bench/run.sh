#!/usr/bin/env bash
# Runs the encoder benchmark on both sides, sure4j (DJL + PyTorch 2.7.1) and PyTorch (Python, torchaudio), with
# the same thread count, one process per method, and prints a Markdown table with the ratio.
# Usage: bench/run.sh [threads] [repeats]    (needs Debian's python3-torchaudio for the PyTorch side;
# PYTHON selects the interpreter that has torch, /usr/bin/python3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-2}"
repeats="${2:-5}"
mvn -q -B -DskipTests package -pl sure4j-cli -am
python="${PYTHON:-/usr/bin/python3}"
out="$(mktemp -d)"
echo "bench: raw results and logs in $out" >&2
for m in inference full lora bottleneck conv_adapter prefix; do
  java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "sure4j-cli/target/classes:sure4j-cli/target/lib/*" dev.sure4j.cli.bench.EncoderBench "$m" "$repeats" \
    2>>"$out/sure4j.log" | grep '^{' >> "$out/sure4j.jsonl"
  OMP_NUM_THREADS="$threads" "$python" bench/pytorch_bench.py --method "$m" --threads "$threads" \
    --repeats "$repeats" >> "$out/pytorch.jsonl"
done
"$python" - "$out" <<'PY'
import json, sys, platform, os
d = sys.argv[1]
load = lambda f: {r["method"]: r for r in map(json.loads, open(os.path.join(d, f)))}
j, p = load("sure4j.jsonl"), load("pytorch.jsonl")
print("| method | trainable params | sure4j ms | PyTorch ms | ratio (sure4j / PyTorch) | sure4j peak RSS MB | PyTorch peak RSS MB |")
print("|---|---:|---:|---:|---:|---:|---:|")
for m in j:
    a, b = j[m], p[m]
    print(f"| {m} | {a['trainable_params']:,} | {a['median_ms']:.0f} | {b['median_ms']:.0f} | "
          f"{a['median_ms'] / b['median_ms']:.2f} | {a['peak_rss_mb']:.0f} | {b['peak_rss_mb']:.0f} |")
print()
print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; "
      f"sure4j {j['inference']['engine']}, PyTorch (Python) {p['inference']['torch']}.")
PY
