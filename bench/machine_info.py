#!/usr/bin/env python3
"""Prints what a benchmark ran on: the machine, the CPU flags that select libtorch's and OpenBLAS's kernels, the
allocator both sides ran with, and PyTorch's (Python) CPU capability and BLAS. Used by bench/run.sh and
bench/whisper_summary.py (bench/whisper.sh, bench/whisper-train.sh).

Usage: machine_info.py SURE4J_ENGINE ALLOCATOR (run with the interpreter that has torch)
"""
import os
import platform
import sys

import torch

engine, alloc = sys.argv[1], sys.argv[2]
print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; "
      f"sure4j {engine}, PyTorch (Python) {torch.__version__}; allocator on both sides: {alloc}.")
flags, model = set(), "?"
for line in open("/proc/cpuinfo"):
    if line.startswith("flags") and not flags:
        flags = set(line.split(":", 1)[1].split())
    if line.startswith("model name") and model == "?":
        model = line.split(":", 1)[1].strip()
wanted = ["avx2", "fma", "avx512f", "avx512_bf16", "avx512_vnni", "amx_bf16", "amx_tile"]
print("CPU flags: " + ", ".join(f for f in wanted if f in flags) + "; model: " + model)
config = torch.__config__.show()
cap = [line.strip() for line in config.splitlines() if "CPU capability" in line]
print("PyTorch (Python): " + (cap[0] if cap else "CPU capability not reported") + ", BLAS: "
      + ("OpenBLAS" if "openblas" in config.lower() else "see torch.__config__.show()")
      + ", OPENBLAS_CORETYPE unset.")
