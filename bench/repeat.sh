#!/usr/bin/env bash
# Runs one EncoderBench method many times, each in a fresh JVM, under each libtorch kernel setting of
# docs/kernel-matrix.md, and counts the runs that did not end normally (a native crash leaves its hs_err log in
# the output directory). Used to reproduce and to rule out crashes of the benchmark (docs/benchmarks.md).
# Usage: bench/repeat.sh [method] [runs with the default setting] [runs per other setting] [threads]
#        bench/repeat.sh full 20 4 2      (about 25 minutes on 2 cores)
set -uo pipefail
cd "$(dirname "$0")/.."
method="${1:-full}"
runs="${2:-20}"
others="${3:-4}"
threads="${4:-2}"
mvn -q -B -DskipTests package -pl sure4j-cli -am || exit 1
out="$(mktemp -d)"
echo "repeat: logs and any hs_err files in $out" >&2
# a copy of the build, so that rebuilding the tree meanwhile does not change what runs
cp -r sure4j-cli/target/classes sure4j-cli/target/lib "$out/"
failed=0
total=0
for setting in "" ATEN_CPU_CAPABILITY=avx2 ATEN_CPU_CAPABILITY=default DNNL_MAX_CPU_ISA=AVX2 MALLOC_PERTURB_=165; do
  n=$others
  [[ -z "$setting" ]] && n=$runs
  for ((i = 1; i <= n; i++)); do
    start=$(date +%s)
    # shellcheck disable=SC2086
    env $setting java @tools/jvm.args -XX:ErrorFile="$out/hs_err_pid%p.log" -Dai.djl.offline=true \
      -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
      -cp "$out/classes:$out/lib/*" dev.sure4j.cli.bench.EncoderBench "$method" 3 \
      > "$out/run.log" 2>&1
    rc=$?
    total=$((total + 1))
    [[ $rc != 0 ]] && failed=$((failed + 1))
    echo "setting=${setting:-default} run=$i exit=$rc seconds=$(($(date +%s) - start))"
  done
done
echo "repeat: $method, $total runs, $failed did not end normally"
[[ $failed == 0 ]]
