#!/usr/bin/env bash
# Compares the C allocators under sure4j's encoder benchmark (docs/performance.md, "The allocator"): system
# malloc, tcmalloc and jemalloc interleaved, two rounds, one process per run.
# Usage: bench/allocators.sh [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-5}"
mvn -q -B -DskipTests package -pl sure4j-cli -am
for round in 1 2; do
  for m in inference lora full; do
    for a in system tcmalloc jemalloc; do
      line=$(SURE4J_ALLOCATOR=$a bash -c 'source tools/allocator.sh; preload_allocator; exec "$@"' _ \
        java @tools/jvm.args -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
        -cp "sure4j-cli/target/classes:sure4j-cli/target/lib/*" dev.sure4j.cli.bench.EncoderBench "$m" "$repeats" \
        2>/dev/null | grep '^{')
      echo "round $round, $a: $line"
    done
  done
done
