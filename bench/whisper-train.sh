#!/usr/bin/env bash
# Runs the Whisper training-step benchmark on both sides, sure4j (WhisperTrainBench: DJL + PyTorch 2.7.1, the one
# training engine) and PyTorch (Python, bench/whisper_pytorch_train_bench.py: the plain-torch Whisper of
# tools/whisper_fixture.py), at whisper-base geometry with random weights (bench/whisper-base-config.json): one
# optimizer step (teacher-forced forward over 4 utterances of 10 s padded to the 30 s window, 32 decoder positions,
# cross-entropy with -100 labels, backward, AdamW) with LoRA r 8 on every q_proj/v_proj of both stacks, and with
# full fine-tuning. Same thread count and C allocator on both sides (tools/allocator.sh), PyTorch without the
# OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE overrides, one process per side and method, the sides alternating so that
# noise hits both. First checks on the tiny random Whisper that both sides compute the same losses. Prints a
# Markdown table with each side's median and minimum ms per step, the ratio against issue 28's targets, the peak
# RSS, and what each side ran on.
# Usage: bench/whisper-train.sh [threads] [repeats] [runs]   (repeats: timed steps after 2 warm-up steps;
#        runs: processes per side and method, alternating; default 2 5 1)
set -euo pipefail
cd "$(dirname "$0")/.."
threads="${1:-2}"
repeats="${2:-5}"
runs="${3:-1}"
config=bench/whisper-base-config.json
# shellcheck source=bench/setup.sh
source bench/setup.sh
sure4j_side dev.sure4j.cli.bench.WhisperTrainBench --check adapters-speech/src/test/resources/whisper/tiny-random \
  2>>"$out/sure4j.log" | grep '^{' > "$out/check.json"
pytorch_side bench/whisper_pytorch_train_bench.py --threads "$threads" --check "$out/check.json"
for _ in $(seq "$runs"); do
  for m in lora full; do
    sure4j_side dev.sure4j.cli.bench.WhisperTrainBench "$config" "$m" "$repeats" 2>>"$out/sure4j.log" \
      | grep '^{' >> "$out/sure4j.jsonl"
    pytorch_side bench/whisper_pytorch_train_bench.py --config "$config" --method "$m" --repeats "$repeats" \
      --threads "$threads" >> "$out/pytorch.jsonl" 2>>"$out/pytorch.log"
  done
done
"$python" bench/whisper_summary.py "$out" train "$alloc"
