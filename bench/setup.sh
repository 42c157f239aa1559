# Sourced by bench/run.sh and bench/whisper.sh: builds the command line (their java runs with @tools/jvm.args,
# the JVM options of every launcher), puts the same C allocator under both
# sides (tools/allocator.sh) and sets alloc (its label), python (the interpreter with torch: PYTHON, or
# /usr/bin/python3) and out (a new directory for the raw results and logs).
mvn -q -B -DskipTests package -pl sure4j-cli -am
# shellcheck source=tools/allocator.sh
source tools/allocator.sh
preload_allocator
alloc="$(allocator_label)"
python="${PYTHON:-/usr/bin/python3}"
out="$(mktemp -d)"
echo "bench: raw results and logs in $out" >&2
