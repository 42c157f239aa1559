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
  sure4j_side dev.sure4j.cli.bench.WhisperBench "$config" "$windows" "$repeats" 2>>"$out/sure4j.log" \
    | grep '^{' >> "$out/sure4j.jsonl"
  pytorch_side bench/whisper_pytorch_bench.py --config "$config" --windows "$windows" --threads "$threads" \
    --repeats "$repeats" $check >> "$out/pytorch.jsonl" 2>>"$out/pytorch.log"
  check=
done
grep -h "max abs difference" "$out/pytorch.log" >&2 || true
"$python" bench/whisper_summary.py "$out" inference "$alloc"
