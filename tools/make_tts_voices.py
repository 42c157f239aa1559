#!/usr/bin/env python3
"""Speak the held-out sentences of the mini TTS corpus in more voices the base model never heard.

data/mini/tts/adapt.csv holds 72 sentences (56 train, 6 val, 10 test) spoken by one held-out voice
(espeak-ng en-029+f4). This script speaks the same sentences, in the same splits, in other
espeak-ng voices that are not in data/mini/tts/base.csv, with the synthesis pipeline and jitter of
tools/make_mini_tts_corpus.py, so that TTS adaptation can be compared across unseen voices of both
sexes. None of these sentences is in the base corpus.

Usage (from the repository root):

    python3 tools/make_tts_voices.py --out /tmp/tts-voices

Writes OUT/<voice>/adapt.csv (path,text,speaker,split; paths relative to OUT/<voice>) and the
clips under OUT/<voice>/adapt/<voice>/; train with
``./sure4j train --task tts --data manifest:OUT/<voice>/adapt.csv``. Requires espeak-ng and sox.
"""

import argparse
import csv
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_mini_corpus as mini  # noqa: E402
import make_mini_tts_corpus as tts  # noqa: E402

# (speaker name, espeak-ng voice, base pitch 0-99, base rate wpm); none in tts.BASE_VOICES
VOICES = [
    ("rp_m7", "en-gb-x-rp+m7", 30, 160),
    ("nyc_f5", "en-us-nyc+f5", 68, 175),
]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="output directory (rebuilt)")
    ap.add_argument("--corpus", default="data/mini/tts", help="the mini TTS corpus")
    ap.add_argument("--seed", type=int, default=20261207, help="seed of the jitter")
    args = ap.parse_args(argv)
    base = {v[1] for v in tts.BASE_VOICES}
    with open(os.path.join(args.corpus, "adapt.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    rng = random.Random(args.seed)
    for speaker in VOICES:
        name, voice = speaker[0], speaker[1]
        if voice in base:
            sys.exit("error: %s is a base voice" % voice)
        out = os.path.join(args.out, name)
        os.makedirs(os.path.join(out, "adapt", name))
        manifest = []
        for i, row in enumerate(rows):
            rel = "adapt/%s/%s_%03d.flac" % (name, name, i)
            tts.say(out, rel, row["text"], speaker, rng)
            manifest.append((rel, row["text"], name, row["split"]))
        mini.write_manifest(
            os.path.join(out, "adapt.csv"), ["path", "text", "speaker", "split"], manifest)
        print("%s (%s): %d clips" % (name, voice, len(manifest)))


if __name__ == "__main__":
    main()
