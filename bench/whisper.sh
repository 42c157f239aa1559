#!/usr/bin/env bash
# Runs the Whisper benchmark on both sides, sure4j (DJL + PyTorch 2.7.1) and PyTorch (Python, the plain-torch
# Whisper of tools/whisper_fixture.py), at whisper-base geometry with random weights (bench/whisper-base-config.json),
# with the same thread count and the same C allocator (tools/allocator.sh), PyTorch without the
# OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE overrides, the two sides alternating run by run so that noise hits both.
# Measures one encoder pass over a 30 s window and greedy decoding per token through the key-value cache in
# windows of positions (the cost per token must stay flat but for attention's own linear term). Prints a
# Markdown table with each side's median and minimum, the ratio, the peak RSS, and what each side ran on.
# Usage: bench/whisper.sh [threads] [repeats] [runs]   (runs: processes per side, alternating; default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-2}"
repeats="${2:-5}"
runs="${3:-1}"
windows="1-11,100-110,200-210,400-410"
config=bench/whisper-base-config.json
# shellcheck source=bench/setup.sh
source bench/setup.sh
check=--check
for _ in $(seq "$runs"); do
  java @tools/jvm.args -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "sure4j-cli/target/classes:sure4j-cli/target/lib/*" dev.sure4j.cli.bench.WhisperBench \
    "$config" "$windows" "$repeats" 2>>"$out/sure4j.log" | grep '^{' >> "$out/sure4j.jsonl"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS="$threads" "$python" bench/whisper_pytorch_bench.py \
    --config "$config" --windows "$windows" --threads "$threads" --repeats "$repeats" $check \
    >> "$out/pytorch.jsonl" 2>>"$out/pytorch.log"
  check=
done
grep -h "max abs difference" "$out/pytorch.log" >&2 || true
"$python" - "$out" <<'PY'
import json, os, sys
d = sys.argv[1]
def load(f):
    rows = {}
    for r in map(json.loads, open(os.path.join(d, f))):
        rows.setdefault((r["measure"], r["what"]), []).append(r)
    return rows
j, p = load("sure4j.jsonl"), load("pytorch.jsonl")
med = lambda rs: sorted(r["median_ms"] for r in rs)[len(rs) // 2]
low = lambda rs: min(r["min_ms"] for r in rs)
rss = lambda rs: max(r["peak_rss_mb"] for r in rs)
print("| measure | sure4j ms median (min) | PyTorch ms median (min) | ratio (sure4j / PyTorch) |")
print("|---|---:|---:|---:|")
for key in j:
    a, b = j[key], p[key]
    unit = "per token, " if key[0] == "decode" else ""
    print(f"| {key[0]}, {unit}{key[1]} | {med(a):.2f} ({low(a):.2f}) | {med(b):.2f} ({low(b):.2f}) | "
          f"{med(a) / med(b):.2f} |")
first = lambda rows: next(iter(rows.values()))
print()
print(f"Peak RSS: sure4j {rss(first(j)):.0f} MB, PyTorch {rss(first(p)):.0f} MB; load at the end of the sure4j runs: "
      f"{first(j)[-1]['load']}.")
PY
"$python" bench/machine_info.py "$(head -1 "$out/sure4j.jsonl" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["engine"])')" "$alloc"
