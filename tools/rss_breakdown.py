#!/usr/bin/env python3
"""Where a process's resident memory is, at its peak: samples /proc/PID/smaps every 0.3 s until the process ends
and prints, for the sample with the largest total, the resident MB per mapping kind: [heap] (the C allocator's
heap, where libtorch's tensors and the JVM's own mallocs live under tcmalloc), the Java heap (anonymous mappings
in the JVM's default compressed-oops heap range, 0x600000000-0x800000000 for a 6-8 GB maximum heap), other
anonymous memory (the collector's structures, thread stacks, large mallocs), and each mapped file (code).

Used for docs/whisper.md, "Speed and memory". Linux only; needs no third-party package.
Usage: tools/rss_breakdown.py PID      (e.g. `java ... & tools/rss_breakdown.py $!`)
"""

import os
import re
import sys
import time

JAVA_HEAP = (0x600000000, 0x800000000)
MAPPING = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$")


def sample(pid):
    """Resident KB per mapping kind, or None once the process is gone."""
    try:
        with open(f"/proc/{pid}/smaps") as f:
            text = f.read()
    except OSError:
        return None
    kinds, kind = {}, None
    for line in text.splitlines():
        m = MAPPING.match(line)
        if m:
            start, name = int(m.group(1), 16), m.group(3).strip()
            if name.startswith("["):
                kind = name
            elif name:
                kind = "file " + os.path.basename(name)
            else:
                kind = "Java heap" if JAVA_HEAP[0] <= start < JAVA_HEAP[1] else "other anonymous"
        elif line.startswith("Rss:"):
            kinds[kind] = kinds.get(kind, 0) + int(line.split()[1])
    return kinds


def main():
    pid = sys.argv[1]
    peak = {}
    while True:
        kinds = sample(pid)
        if kinds is None:
            break
        if sum(kinds.values()) > sum(peak.values()):
            peak = kinds
        time.sleep(0.3)
    print(f"peak resident MB {sum(peak.values()) / 1024:.1f}")
    for k, v in sorted(peak.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {k:40s} {v / 1024:8.1f}")


if __name__ == "__main__":
    main()
