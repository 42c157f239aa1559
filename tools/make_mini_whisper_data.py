#!/usr/bin/env python3
"""Writes data/mini/whisper/{train,val,test}.csv: the manifests the bundled mini Whisper is pre-trained on.

No audio of its own: every path points at a clip of another task (`../kws/train/...`), like pr and sf.
- train.csv: the train splits of kws (the keyword), speaker and emotion (the sentence), intent (the transcript)
  and the base voices of tts (train and val rows of base.csv, 22,050 Hz FLAC): training voices only, and none
  of the ctc sentences' recordings, so that adapting to the ASR task (data/mini/ctc) still has something to
  teach.
- val.csv and test.csv: the ctc val and test clips (held-out voices, sentences not in ctc's train split), so
  the pre-training run's test WER is the unadapted WER of `./sure4j quickstart --task whisper`.
Transcripts are normalised as the ctc task's are: lower case, letters, apostrophes and single spaces.

Usage (from the repository root; Python 3 standard library only):
    python3 tools/make_mini_whisper_data.py --data data/mini
"""

import argparse
import csv
import os
import re


def normalise(text):
    text = re.sub(r"[^a-z' ]+", " ", text.lower())
    return " ".join(text.split())


def rows(data, task, manifest, text_column, keep=lambda r: True):
    with open(os.path.join(data, task, manifest), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if keep(r):
                yield "../" + task + "/" + r["path"], normalise(r[text_column])


def write(path, entries):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["path", "transcript"])
        for e in entries:
            w.writerow(e)
    print("%s: %d clips" % (path, len(entries)))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default="data/mini")
    a = p.parse_args()
    train = []
    train += rows(a.data, "kws", "train.csv", "label")
    train += rows(a.data, "speaker", "train.csv", "text")
    train += rows(a.data, "emotion", "train.csv", "text")
    train += rows(a.data, "intent", "train.csv", "transcript")
    train += rows(a.data, "tts", "base.csv", "text", lambda r: r["split"] in ("train", "val"))
    out = os.path.join(a.data, "whisper")
    os.makedirs(out, exist_ok=True)
    write(os.path.join(out, "train.csv"), train)
    write(os.path.join(out, "val.csv"), list(rows(a.data, "ctc", "val.csv", "transcript")))
    write(os.path.join(out, "test.csv"), list(rows(a.data, "ctc", "test.csv", "transcript")))
    print("%d distinct train transcripts" % len({t for _, t in train}))


if __name__ == "__main__":
    main()
