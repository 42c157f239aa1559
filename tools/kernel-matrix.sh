#!/usr/bin/env bash
# Runs every parity test class (JUnit tag "parity": encoder, adapters, LoRA/PEFT, HiFi-GAN, mel, resampler,
# MFCC, Griffin-Lim, CTC, TTS blocks, AdamW) once per libtorch kernel setting, with the tolerances of the
# normal run, so that a result that holds on one kernel path only fails here and not on a user's machine.
# docs/kernel-matrix.md says what each variable selects. The default setting is the normal `mvn verify`.
#   tools/kernel-matrix.sh              all settings below
#   tools/kernel-matrix.sh SETTING...   only these, e.g. tools/kernel-matrix.sh DNNL_MAX_CPU_ISA=SSE41
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
shim=
trap 'rm -rf "$log" $shim' EXIT
settings=("$@")
if [[ ${#settings[@]} == 0 ]]; then
  settings=(ATEN_CPU_CAPABILITY=avx2 ATEN_CPU_CAPABILITY=default DNNL_MAX_CPU_ISA=AVX2 MALLOC_PERTURB_=165
    "MALLOC_PERTURB_=165 GLIBC_TUNABLES=glibc.malloc.tcache_count=0:glibc.malloc.mmap_threshold=4294967295")
  # Unwritten memory as NaN (tools/nanfill.c), where a C compiler is at hand (gcc is on every build machine).
  if command -v cc >/dev/null 2>&1; then
    shim=$(mktemp -d)
    cc -O2 -shared -fPIC -o "$shim/nanfill.so" tools/nanfill.c -ldl
    settings+=("LD_PRELOAD=$shim/nanfill.so")
  else
    echo "kernel matrix: no C compiler, so no NaN-filled allocations (tools/nanfill.c)"
  fi
fi
modules=adapters-core,adapters-speech
for s in "${settings[@]}"; do
  echo "kernel matrix: parity tests under $s"
  # shellcheck disable=SC2086
  env $s mvn -B test -pl "$modules" -Dgroups=parity -Dsurefire.failIfNoSpecifiedTests=false 2>&1 \
    | tee "$log" | grep -E '^\[(INFO|WARNING|ERROR)\] (Tests run:|Running|BUILD|Failed|  )|max abs|<<<' || true
  if [[ ${PIPESTATUS[0]} != 0 ]] || grep -q 'Tests run: 0, Failures' "$log"; then
    echo "kernel matrix: FAILED under $s" >&2
    exit 1
  fi
done
echo "kernel matrix: every parity class passed under ${#settings[@]} settings"
