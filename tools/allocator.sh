# Sourced by ./sure4j and bench/run.sh. preload_allocator puts a C allocator under libtorch with LD_PRELOAD:
# glibc's malloc hands freed memory back and faults it in again, and tcmalloc makes inference faster and
# training steps leaner (docs/performance.md has the measurement).
# SURE4J_ALLOCATOR=tcmalloc (the default) | jemalloc | system. allocator_label prints what was chosen.
preload_allocator() {
  local choice="${SURE4J_ALLOCATOR:-tcmalloc}" name lib=
  case "$choice" in
    system) return ;;
    tcmalloc) name=libtcmalloc_minimal.so.4 ;;
    jemalloc) name=libjemalloc.so.2 ;;
    *) echo "sure4j: SURE4J_ALLOCATOR must be tcmalloc, jemalloc or system, not '$choice'" >&2; exit 2 ;;
  esac
  [[ "$(uname -s)" == Linux ]] || return 0
  for d in /usr/lib/x86_64-linux-gnu /usr/lib/aarch64-linux-gnu /usr/lib64 /usr/lib; do
    if [[ -f "$d/$name" ]]; then lib="$d/$name"; break; fi
  done
  if [[ -z "$lib" ]]; then
    echo "sure4j: note: $name not found, so libtorch runs on the system malloc (slower; 'apt-get install" \
      "libtcmalloc-minimal4', or SURE4J_ALLOCATOR=system to silence this; docs/performance.md)" >&2
    return 0
  fi
  export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
}

# The allocator preload_allocator put in LD_PRELOAD: tcmalloc, jemalloc or system malloc.
allocator_label() {
  case "${LD_PRELOAD:-}" in
    *libtcmalloc*) echo tcmalloc ;;
    *libjemalloc*) echo jemalloc ;;
    *) echo "system malloc" ;;
  esac
}
