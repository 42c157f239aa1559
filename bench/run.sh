#!/usr/bin/env bash
# Runs the encoder benchmark on both sides, sure4j (DJL + PyTorch 2.7.1) and PyTorch (Python, torchaudio), with
# the same thread count and the same C allocator (tools/allocator.sh: tcmalloc unless SURE4J_ALLOCATOR says
# otherwise), one process per method, the two sides interleaved method by method so that noise hits both.
# PyTorch runs without the OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE overrides, on its best BLAS kernels. Prints
# a Markdown table with each side's median and minimum, the ratio of medians, and what each side ran on.
# Usage: bench/run.sh [threads] [repeats]    (needs Debian's python3-torchaudio for the PyTorch side;
# PYTHON selects the interpreter that has torch, /usr/bin/python3 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-2}"
repeats="${2:-5}"
# shellcheck source=bench/setup.sh
source bench/setup.sh
for m in inference full lora bottleneck conv_adapter prefix; do
  java @tools/jvm.args -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "sure4j-cli/target/classes:sure4j-cli/target/lib/*" dev.sure4j.cli.bench.EncoderBench "$m" "$repeats" \
    2>>"$out/sure4j.log" | grep '^{' >> "$out/sure4j.jsonl"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS="$threads" "$python" bench/pytorch_bench.py --method "$m" --threads "$threads" \
    --repeats "$repeats" >> "$out/pytorch.jsonl"
done
"$python" - "$out" <<'PY'
import json, sys, os
d = sys.argv[1]
load = lambda f: {r["method"]: r for r in map(json.loads, open(os.path.join(d, f)))}
j, p = load("sure4j.jsonl"), load("pytorch.jsonl")
print("| method | trainable params | sure4j ms median (min) | PyTorch ms median (min) | ratio (sure4j / PyTorch) |"
      " sure4j peak RSS MB | PyTorch peak RSS MB |")
print("|---|---:|---:|---:|---:|---:|---:|")
for m in j:
    a, b = j[m], p[m]
    print(f"| {m} | {a['trainable_params']:,} | {a['median_ms']:.0f} ({a.get('min_ms', float('nan')):.0f}) | "
          f"{b['median_ms']:.0f} ({b.get('min_ms', float('nan')):.0f}) | "
          f"{a['median_ms'] / b['median_ms']:.2f} | {a['peak_rss_mb']:.0f} | {b['peak_rss_mb']:.0f} |")
print()
i = j["inference"]
if "roofline_gflops" in i:
    print(f"sure4j inference: {i['gflops']:.1f} GFLOP/s (EncoderFlops over the median), {100 * i['roofline_share']:.0f} %"
          f" of the matrix-multiply roofline through DJL at the layer's shapes, {i['roofline_gflops']:.1f} GFLOP/s"
          f" median ({i['roofline_best_gflops']:.1f} best; ./sure4j bench-gemm).")
PY
"$python" bench/machine_info.py "$(head -1 "$out/sure4j.jsonl" | "$python" -c 'import json,sys; print(json.load(sys.stdin)["engine"])')" "$alloc"
