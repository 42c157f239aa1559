#!/usr/bin/env python3
"""Builds the bundled phoneme-recognition (pr) and slot-filling (sf) mini tasks from the mini
corpus' ctc clips, without new audio.

  python3 tools/make_mini_pr_sf.py --data data/mini \
      --dict /usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict

data/mini/pr/{train,val,test}.csv: path,transcript (the ctc words; audio ../ctc/...), and
data/mini/pr/lexicon.txt: every entry of the given CMUdict-format dictionary for the corpus' words
(variants included), in the dictionary's order, with a ;;; header.
data/mini/sf/{train,val,test}.csv: path,transcript with SLURP-style [type : value] slots, tagged by
the word table SLOTS below (a word of the table is a one-word slot wherever it occurs).
Standard library only; the output depends only on the inputs.
"""
import argparse
import csv
import os

SLOTS = {
    "device": ["lights", "light", "lamp", "music", "heat", "volume", "news"],
    "object": ["coffee", "juice", "newspaper", "socks", "shoes"],
    "room": ["kitchen", "bedroom", "washroom"],
    "direction": ["left", "right", "up", "down"],
    "number": ["four"],
    "colour": ["red"],
}
LICENSE = """
Copyright 1995-2014 Carnegie Mellon University. All rights reserved.
Redistribution and use in source and binary forms, with or without modification, are permitted
provided that the following conditions are met:
1. Redistributions of source code must retain the above copyright notice, this list of conditions
   and the following disclaimer.
2. Redistributions in binary form must reproduce the above copyright notice, this list of
   conditions and the following disclaimer in the documentation and/or other materials provided
   with the distribution.
THIS SOFTWARE IS PROVIDED BY CARNEGIE MELLON UNIVERSITY ``AS IS'' AND ANY EXPRESSED OR IMPLIED
WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS
FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL CARNEGIE MELLON UNIVERSITY NOR ITS
EMPLOYEES BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER
IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT
OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
"""
TYPE_OF = {w: t for t, words in SLOTS.items() for w in words}


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["path", "transcript"])
        w.writerows(rows)


def slurp(words):
    return " ".join(f"[{TYPE_OF[w]} : {w}]" if w in TYPE_OF else w for w in words.split())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="data/mini")
    ap.add_argument("--dict", default="/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict")
    a = ap.parse_args()
    words = set()
    for split in ("train", "val", "test"):
        rows = read(os.path.join(a.data, "ctc", split + ".csv"))
        audio = ["../ctc/" + r["path"] for r in rows]
        texts = [r["transcript"] for r in rows]
        for t in texts:
            words.update(t.split())
        write(os.path.join(a.data, "pr", split + ".csv"), zip(audio, texts))
        write(os.path.join(a.data, "sf", split + ".csv"), zip(audio, map(slurp, texts)))
    entries = []
    with open(a.dict, encoding="utf-8") as f:
        for line in f:
            head = line.split(maxsplit=1)[0] if line.strip() else ""
            if head.split("(")[0].lower() in words:
                entries.append(line.rstrip("\n"))
    found = {e.split()[0].split("(")[0].lower() for e in entries}
    missing = sorted(words - found)
    if missing:
        raise SystemExit(f"words missing from {a.dict}: {missing}")
    with open(os.path.join(a.data, "pr", "lexicon.txt"), "w", encoding="utf-8") as f:
        f.write(";;; The words of the sure4j mini ctc task, copied from the CMUdict-format\n")
        f.write(f";;; dictionary {os.path.basename(a.dict)} (pocketsphinx en-us, no stress marks)\n")
        f.write(";;; by tools/make_mini_pr_sf.py; WORD(2) lines are further pronunciations.\n")
        f.write(";;;\n")
        for line in LICENSE.strip().split("\n"):
            f.write(";;; " + line + "\n" if line else ";;;\n")
        f.write("\n".join(entries) + "\n")
    print(f"{len(words)} words, {len(entries)} lexicon entries")


if __name__ == "__main__":
    main()
