#!/usr/bin/env python3
"""Verify the bundled sure4j mini TTS corpus (data/mini/tts) and print a size table.

Usage (from the repository root):

    python3 tools/check_mini_tts_corpus.py [DIR [DATA_ROOT]]
        # DIR defaults to data/mini/tts, DATA_ROOT (whose total size is reported) to data

Checks: both manifests have the header path,text,speaker,split and only the splits train, val
and test; every listed file exists and is a 22,050 Hz mono 16-bit FLAC of 0.3-6.0 s (read from
its STREAMINFO block); no FLAC under DIR is unlisted or listed twice; base.csv has four speakers
with the same number of train clips each; adapt.csv has one speaker, not a base speaker, with
train, val and test clips; no sentence occurs twice, so no val or test text is in any train
split of either manifest; every character of every text occurs in the base training text (the
base model's vocabulary); voices.csv lists every clip, and the held-out voice's variant is not a
base variant; the whole DATA_ROOT is under 40 MB. Exits with status 1 and lists the problems when
a check fails. Python 3 standard library only.
"""

import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_mini_corpus import fail, read_csv, report  # noqa: E402  (shared helpers)

HEADER = ["path", "text", "speaker", "split"]
SPLITS = ("train", "val", "test")
SAMPLE_RATE = 22050
MIN_SECONDS = 0.3
MAX_SECONDS = 6.0
BASE_SPEAKERS = 4
MAX_DATA_BYTES = 40 * 1000 * 1000

def flac_info(path):
    """(sample rate, channels, bits per sample, samples) from a FLAC file's STREAMINFO block."""
    with open(path, "rb") as f:
        head = f.read(42)
    if len(head) < 42 or head[:4] != b"fLaC" or head[4] & 0x7F != 0:
        raise ValueError("not a FLAC file with a leading STREAMINFO block")
    info = int.from_bytes(head[18:26], "big")  # bits 80-143 of STREAMINFO
    rate = info >> 44
    channels = ((info >> 41) & 0x7) + 1
    bits = ((info >> 36) & 0x1F) + 1
    samples = info & ((1 << 36) - 1)
    return rate, channels, bits, samples


def clip_seconds(path):
    try:
        rate, channels, bits, samples = flac_info(path)
    except (OSError, ValueError) as e:
        fail("%s: %s" % (path, e))
        return 0.0
    if (rate, channels, bits) != (SAMPLE_RATE, 1, 16):
        fail("%s: %d Hz, %d channel(s), %d-bit (want %d Hz mono 16-bit)"
             % (path, rate, channels, bits, SAMPLE_RATE))
    seconds = samples / float(rate or 1)
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        fail("%s: %.2f s, outside [%.1f, %.1f] s" % (path, seconds, MIN_SECONDS, MAX_SECONDS))
    return seconds


def tree_bytes(root):
    """Apparent size of a directory tree, files and directories, as ``du -sb`` counts it."""
    total = os.lstat(root).st_size
    for d, dirs, files in os.walk(root):
        for name in dirs + files:
            total += os.lstat(os.path.join(d, name)).st_size
    return total


def read_manifest(root, name):
    path = os.path.join(root, name)
    header, rows = read_csv(path)
    if header != HEADER:
        fail("%s: header %s, want %s" % (path, header, HEADER))
        return []
    out = []
    for i, row in enumerate(rows, start=2):
        if len(row) != len(HEADER):
            fail("%s line %d: %d fields, want %d" % (path, i, len(row), len(HEADER)))
            continue
        rel, text, speaker, split = row
        if split not in SPLITS:
            fail("%s line %d: split '%s'" % (path, i, split))
        if not text.strip() or not speaker.strip():
            fail("%s line %d: empty text or speaker" % (path, i))
        full = os.path.join(root, rel)
        seconds = clip_seconds(full) if os.path.isfile(full) else 0.0
        if not os.path.isfile(full):
            fail("%s line %d: missing file %s" % (path, i, rel))
        size = os.path.getsize(full) if os.path.isfile(full) else 0
        out.append({"path": rel, "text": text, "speaker": speaker, "split": split,
                    "seconds": seconds, "bytes": size, "manifest": name})
    return out


def check(root, data_root):
    base = read_manifest(root, "base.csv")
    adapt = read_manifest(root, "adapt.csv")
    rows = base + adapt

    listed = collections.Counter(r["path"] for r in rows)
    for p, n in listed.items():
        if n > 1:
            fail("%s listed %d times" % (p, n))
    for d, _, files in os.walk(root):
        for f in files:
            rel = os.path.relpath(os.path.join(d, f), root).replace(os.sep, "/")
            if f.endswith(".flac") and rel not in listed:
                fail("%s is not in a manifest" % rel)

    per_speaker = collections.Counter(r["speaker"] for r in base if r["split"] == "train")
    if len(per_speaker) != BASE_SPEAKERS or len(set(per_speaker.values())) != 1:
        fail("base.csv: train clips per speaker %s, want %d speakers with equal counts"
             % (dict(per_speaker), BASE_SPEAKERS))
    held_out = {r["speaker"] for r in adapt}
    if len(held_out) != 1 or held_out & set(per_speaker):
        fail("adapt.csv: speakers %s, want one speaker that is not a base speaker" % held_out)
    for split in SPLITS:
        if not any(r["split"] == split for r in adapt):
            fail("adapt.csv: no %s clip" % split)

    texts = collections.Counter(r["text"] for r in rows)
    for t, n in texts.items():
        if n > 1:
            fail("sentence used %d times: %s" % (n, t))
    train_text = {r["text"] for r in rows if r["split"] == "train"}
    for r in rows:
        if r["split"] != "train" and r["text"] in train_text:
            fail("%s: %s text occurs in a train split: %s" % (r["path"], r["split"], r["text"]))
    symbols = {c for r in base if r["split"] == "train" for c in r["text"].lower()}
    for r in rows:
        extra = sorted(set(r["text"].lower()) - symbols)
        if extra:
            fail("%s: characters %s are not in the base training text" % (r["path"], extra))

    header, voice_rows = read_csv(os.path.join(root, "voices.csv"))
    voices = {v[0]: v[1] for v in voice_rows}
    differ = sorted(set(voices) ^ set(listed))
    if differ:
        fail("voices.csv and the manifests differ in %d clip(s), e.g. %s" % (len(differ), differ[0]))
    base_variants = {voices.get(r["path"], "").split("+")[-1] for r in base}
    adapt_variants = {voices.get(r["path"], "").split("+")[-1] for r in adapt}
    if base_variants & adapt_variants:
        fail("held-out variant(s) %s also in base" % sorted(base_variants & adapt_variants))

    data_bytes = tree_bytes(data_root)
    if data_bytes >= MAX_DATA_BYTES:
        fail("%s is %d bytes, not under %d" % (data_root, data_bytes, MAX_DATA_BYTES))
    return rows, voices, data_bytes


def table(rows, voices, root, data_root, data_bytes):
    groups = collections.OrderedDict()
    for r in rows:
        groups.setdefault((r["manifest"], r["speaker"], r["split"]), []).append(r)
    print("| manifest | speaker | voice | split | clips | seconds | min-max s | bytes |")
    print("|---|---|---|---|---:|---:|---|---:|")
    for (manifest, speaker, split), g in groups.items():
        secs = [r["seconds"] for r in g]
        print("| %s | %s | %s | %s | %d | %.1f | %.2f-%.2f | %d |"
              % (manifest, speaker, voices.get(g[0]["path"], "?"), split, len(g), sum(secs),
                 min(secs), max(secs), sum(r["bytes"] for r in g)))
    print("| all | | | | %d | %.1f | | %d |" % (
        len(rows), sum(r["seconds"] for r in rows), sum(r["bytes"] for r in rows)))
    print()
    print("%s: %d bytes (du -sb); %s: %d bytes (du -sb)" % (
        root, tree_bytes(root), data_root, data_bytes))


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.join("data", "mini", "tts")
    data_root = argv[2] if len(argv) > 2 else "data"
    rows, voices, data_bytes = check(root, data_root)
    table(rows, voices, root, data_root, data_bytes)
    print()
    return report()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
