#!/usr/bin/env python3
"""Verify the bundled sure4j mini corpus and print a summary table.

Usage (from the repository root):

    python3 tools/check_mini_corpus.py [DIR]     # DIR defaults to data/mini

Checks, per task and split: the manifest header; every listed file exists and is a
16 kHz mono 16-bit PCM WAV of 0.1-4.0 s; no WAV in the task directory is unlisted or listed
twice; labels come from the task's label set; every class occurs in every split; voice variants
of val and test never occur in train (kws, emotion, intent, ctc); speaker ID uses the same
speakers in every split with disjoint sentences; ctc transcripts of val and test never occur in
train; and no train split of any task contains a val/test variant of kws, emotion, intent or
ctc. Exits with status 1 and lists the problems when a check fails. Python 3 standard library
only.
"""

import collections
import csv
import os
import sys
import wave

SPLITS = ["train", "val", "test"]
KEYWORDS = {"off", "up", "stop", "four", "no", "down", "left", "go", "yes", "on", "right"}
EMOTIONS = {"Angry", "Happy", "Neutral", "Sad", "Surprise"}
ACTIONS = {"activate", "bring", "change language", "deactivate", "decrease", "increase"}
OBJECTS = {"none", "music", "lights", "volume", "heat", "lamp", "newspaper", "juice", "socks",
           "Chinese", "shoes", "Korean", "English", "German"}
LOCATIONS = {"none", "kitchen", "bedroom", "washroom"}
HEADERS = {
    "kws": ["path", "label"],
    "speaker": ["path", "label", "speaker", "text"],
    "emotion": ["path", "label", "speaker", "text"],
    "intent": ["path", "action", "object", "location", "transcript"],
    "ctc": ["path", "transcript"],
}
MIN_SECONDS = 0.1
MAX_SECONDS = 4.0

problems = []


def fail(msg):
    problems.append(msg)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def wav_seconds(path):
    try:
        with wave.open(path, "rb") as w:
            if w.getframerate() != 16000 or w.getnchannels() != 1 or w.getsampwidth() != 2:
                fail("%s: %d Hz, %d channel(s), %d-bit (want 16000 Hz mono 16-bit)"
                     % (path, w.getframerate(), w.getnchannels(), 8 * w.getsampwidth()))
            return w.getnframes() / float(w.getframerate())
    except (wave.Error, EOFError) as e:
        fail("%s: not a PCM WAV (%s)" % (path, e))
        return 0.0


def variant(voice):
    return voice.split("+", 1)[1] if "+" in voice else voice


def check_task(root, task):
    tdir = os.path.join(root, task)
    voices = {}
    vpath = os.path.join(tdir, "voices.csv")
    if os.path.isfile(vpath):
        _, vrows = read_csv(vpath)
        voices = {r[0]: r[1] for r in vrows}
    else:
        fail("%s: missing voices.csv" % task)
    listed = collections.Counter()
    stats = {}
    for split in SPLITS:
        mpath = os.path.join(tdir, split + ".csv")
        if not os.path.isfile(mpath):
            fail("%s: missing %s.csv" % (task, split))
            continue
        header, rows = read_csv(mpath)
        if header != HEADERS[task]:
            fail("%s/%s.csv: header %s, want %s" % (task, split, header, HEADERS[task]))
            continue
        durs, labels, vs, texts = [], collections.Counter(), set(), set()
        for r in rows:
            rec = dict(zip(header, r))
            listed[rec["path"]] += 1
            fpath = os.path.join(tdir, rec["path"])
            if not os.path.isfile(fpath):
                fail("%s/%s.csv: missing file %s" % (task, split, rec["path"]))
                continue
            d = wav_seconds(fpath)
            if not MIN_SECONDS <= d <= MAX_SECONDS:
                fail("%s: duration %.3f s outside [%.1f, %.1f]" % (fpath, d, MIN_SECONDS,
                                                                   MAX_SECONDS))
            durs.append(d)
            if rec["path"] not in voices:
                fail("%s: %s not in voices.csv" % (task, rec["path"]))
            else:
                vs.add(voices[rec["path"]])
            if task == "kws":
                label = rec["label"]
                if label not in KEYWORDS:
                    fail("%s: unknown keyword %r" % (fpath, label))
            elif task == "emotion":
                label = rec["label"]
                if label not in EMOTIONS:
                    fail("%s: unknown emotion %r" % (fpath, label))
                texts.add(rec["text"])
            elif task == "speaker":
                label = rec["label"]
                texts.add(rec["text"])
            elif task == "intent":
                if rec["action"] not in ACTIONS or rec["object"] not in OBJECTS \
                        or rec["location"] not in LOCATIONS:
                    fail("%s: label outside the FSC vocabulary: %s/%s/%s"
                         % (fpath, rec["action"], rec["object"], rec["location"]))
                label = "%s|%s|%s" % (rec["action"], rec["object"], rec["location"])
                texts.add(rec["transcript"])
            else:
                label = None
                texts.add(rec["transcript"])
                if not rec["transcript"] or any(
                        not (c.islower() or c in " '") for c in rec["transcript"]):
                    fail("%s: transcript %r is not lower-case letters, space, apostrophe"
                         % (fpath, rec["transcript"]))
            if label is not None:
                labels[label] += 1
        stats[split] = {"durs": durs, "labels": labels, "voices": vs, "texts": texts,
                        "n": len(rows)}
    for p, c in listed.items():
        if c > 1:
            fail("%s: %s listed %d times" % (task, p, c))
    for dirpath, _, files in os.walk(tdir):
        for f in files:
            if f.endswith(".wav"):
                rel = os.path.relpath(os.path.join(dirpath, f), tdir).replace(os.sep, "/")
                if rel not in listed:
                    fail("%s: %s is in no manifest" % (task, rel))
    if set(stats) != set(SPLITS):
        return stats
    # Every class in every split.
    if task != "ctc":
        all_labels = set().union(*(stats[s]["labels"] for s in SPLITS))
        for s in SPLITS:
            missing = all_labels - set(stats[s]["labels"])
            if missing and not (task == "intent" and s != "train"):
                fail("%s/%s: classes missing: %s" % (task, s, sorted(missing)))
        if task == "intent":
            for s in ("val", "test"):
                unseen = set(stats[s]["labels"]) - set(stats["train"]["labels"])
                if unseen:
                    fail("intent/%s: intents absent from train: %s" % (s, sorted(unseen)))
    # Disjointness.
    train_variants = {variant(v) for v in stats["train"]["voices"]}
    for s in ("val", "test"):
        shared_v = train_variants & {variant(v) for v in stats[s]["voices"]}
        if task == "speaker":
            if set(stats[s]["labels"]) != set(stats["train"]["labels"]):
                fail("speaker/%s: speaker set differs from train" % s)
            shared_t = stats["train"]["texts"] & stats[s]["texts"]
            if shared_t:
                fail("speaker/%s: sentences shared with train: %s" % (s, sorted(shared_t)))
        elif shared_v:
            fail("%s/%s: voice variants also in train: %s" % (task, s, sorted(shared_v)))
        if task == "ctc":
            shared_t = stats["train"]["texts"] & stats[s]["texts"]
            if shared_t:
                fail("ctc/%s: transcripts shared with train: %s" % (s, sorted(shared_t)))
    if task == "speaker":
        shared = stats["val"]["texts"] & stats["test"]["texts"]
        if shared:
            fail("speaker: sentences shared by val and test: %s" % sorted(shared))
    return stats


def main(argv):
    root = argv[1] if len(argv) > 1 else "data/mini"
    tasks = ["kws", "speaker", "emotion", "intent", "ctc"]
    lines = ["| task | split | clips | classes | min/class | max/class | voices | variants | total s | "
             "mean s | min s | max s |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    total_clips, total_secs = 0, 0.0
    all_stats = {}
    for task in tasks:
        stats = check_task(root, task)
        all_stats[task] = stats
        for split in SPLITS:
            if split not in stats:
                continue
            st = stats[split]
            d = st["durs"] or [0.0]
            counts = list(st["labels"].values())
            if task == "ctc":
                ncls, cmin, cmax = "-", "-", "-"
            else:
                ncls, cmin, cmax = len(counts), min(counts or [0]), max(counts or [0])
            lines.append("| %s | %s | %d | %s | %s | %s | %d | %d | %.1f | %.2f | %.2f | %.2f |"
                         % (task, split, st["n"], ncls, cmin, cmax, len(st["voices"]),
                            len({variant(v) for v in st["voices"]}), sum(d),
                            sum(d) / len(d), min(d), max(d)))
            total_clips += st["n"]
            total_secs += sum(st["durs"])
    # Across tasks: no training split of any task contains a val/test variant of the
    # held-out-voice tasks.
    any_train = set()
    for task, stats in all_stats.items():
        any_train |= {variant(v) for v in stats.get("train", {}).get("voices", set())}
    for task in ("kws", "emotion", "intent", "ctc"):
        for s in ("val", "test"):
            held = {variant(v) for v in all_stats[task].get(s, {}).get("voices", set())}
            if held & any_train:
                fail("%s/%s: variants heard in some task's train split: %s"
                     % (task, s, sorted(held & any_train)))
    size = 0
    for task in tasks:
        for dirpath, _, files in os.walk(os.path.join(root, task)):
            for f in files:
                size += os.path.getsize(os.path.join(dirpath, f))
    print("\n".join(lines))
    print()
    print("total: %d clips, %.1f s of audio, %.2f MB (%d bytes) in the task directories of %s"
          % (total_clips, total_secs, size / 1e6, size, root))
    print("intent label sets: %d actions, %d objects, %d locations (FSC)"
          % (len(ACTIONS), len(OBJECTS), len(LOCATIONS)))
    return report()


def report():
    """Prints the problems found (or that all checks passed); returns the exit status."""
    if problems:
        print("\n%d problem(s):" % len(problems))
        for p in problems:
            print("  " + p)
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
