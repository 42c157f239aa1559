# Sourced by bench/run.sh, bench/whisper.sh and bench/whisper-train.sh: builds the command line, puts the same C
# allocator under both sides (tools/allocator.sh) and sets alloc (its label), python (the interpreter with torch:
# PYTHON, or /usr/bin/python3) and out (a new directory for the raw results and logs). Defines sure4j_side (java
# with @tools/jvm.args, the JVM options of every launcher) and pytorch_side, which run one process of each side
# with $threads threads.
mvn -q -B -DskipTests package -pl sure4j-cli -am
# shellcheck source=tools/allocator.sh
source tools/allocator.sh
preload_allocator
alloc="$(allocator_label)"
python="${PYTHON:-/usr/bin/python3}"
out="$(mktemp -d)"
echo "bench: raw results and logs in $out" >&2
# a copy of the build, so that rebuilding the tree meanwhile does not change what runs
cp -r sure4j-cli/target/classes sure4j-cli/target/lib "$out/"

# sure4j_side CLASS ARGS...: a benchmark class of sure4j-cli (the copy in $out) on libtorch with $threads intra-op threads, one
# inter-op thread.
sure4j_side() {
  java @tools/jvm.args -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$out/classes:$out/lib/*" "$@"
}

# pytorch_side SCRIPT ARGS...: a Python benchmark script with $threads threads, on PyTorch's best BLAS kernels
# (without the OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE overrides the environment may set for libtorch).
pytorch_side() {
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS="$threads" "$python" "$@"
}
