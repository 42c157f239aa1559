#!/usr/bin/env python3
"""Generate the bundled sure4j mini corpus with espeak-ng and sox.

The corpus has five SURE-style tasks (kws, speaker, emotion, intent, ctc). Every clip is
16 kHz mono 16-bit PCM WAV, synthesised by espeak-ng, resampled by sox and trimmed of
leading and trailing silence. All random choices come from ``random.Random`` seeded with a
fixed value per task, and the same espeak-ng/sox versions produce byte-identical files.

Usage (from the repository root):

    python3 tools/make_mini_corpus.py --out data/mini

Options:
    --out DIR     output directory (default: data/mini); the task directories
                  DIR/{kws,speaker,emotion,intent,ctc} are deleted and rebuilt, other
                  files in DIR (such as README.md) are left alone
    --seed N      base seed (default: 20230303)
    --tasks LIST  comma-separated subset of tasks to build (default: all)

Requires espeak-ng (tested with 1.51) and sox (tested with 14.4.2) on PATH; Python 3 standard
library only.
"""

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

SAMPLE_RATE = 16000

# ---------------------------------------------------------------------------------------------
# Voices. A "voice" is an espeak-ng language (accent) plus a voice variant ("!v" directory).
# Variants are partitioned so that the validation and test variants never occur in training for
# the kws, emotion, intent and ctc tasks (held-out speakers). Variants that espeak-ng 1.51 renders
# identically to another (klatt6 = caleb = klatt, annie = michael) are not used.
# ---------------------------------------------------------------------------------------------
ACCENTS = [
    "en-us",
    "en-gb",
    "en-gb-scotland",
    "en-gb-x-rp",
    "en-029",
    "en-us-nyc",
    "en-gb-x-gbclan",
    "en-gb-x-gbcwmd",
]
TRAIN_VARIANTS = [
    "m1", "m2", "m3", "m4", "m5", "m6", "f1", "f2", "f3",
    "klatt", "klatt2", "adam", "ed", "john", "linda", "paul", "robert", "travis",
]
VAL_VARIANTS = ["m7", "f4", "klatt3", "david"]
TEST_VARIANTS = ["m8", "f5", "klatt4", "steph", "max", "victor"]
SPLIT_VARIANTS = {"train": TRAIN_VARIANTS, "val": VAL_VARIANTS, "test": TEST_VARIANTS}

# ---------------------------------------------------------------------------------------------
# Task vocabularies.
# ---------------------------------------------------------------------------------------------
KEYWORDS = ["off", "up", "stop", "four", "no", "down", "left", "go", "yes", "on", "right"]

# Speaker identification: ten fixed "speakers" (accent, variant, base pitch 0-99, base rate wpm).
# They use training variants only, so no split of any task contains a val/test variant of
# kws, emotion, intent or ctc in its training data (e.g. a backbone pretrained on every
# train split never hears the held-out voices).
SPEAKERS = [
    ("spk01", "en-us", "m1", 38, 170),
    ("spk02", "en-gb", "f2", 62, 180),
    ("spk03", "en-gb-scotland", "m3", 45, 160),
    ("spk04", "en-gb-x-rp", "f1", 70, 175),
    ("spk05", "en-029", "klatt", 50, 185),
    ("spk06", "en-us-nyc", "m6", 30, 195),
    ("spk07", "en-gb-x-gbclan", "f3", 55, 165),
    ("spk08", "en-gb-x-gbcwmd", "john", 42, 175),
    ("spk09", "en-us", "linda", 66, 190),
    ("spk10", "en-gb", "paul", 35, 180),
]
SPEAKER_SENTENCES = {
    "train": [
        "the birch canoe slid away",
        "glue the sheet down",
        "rice is served in bowls",
        "lemons make fine punch",
        "the box fell off the truck",
        "the sky was grey",
    ],
    "val": [
        "the boy was there",
    ],
    "test": [
        "the river is clear",
        "kick the ball straight",
        "help her get back up",
        "the wind blew the leaves",
        "a cup of tea is hot",
        "the clock struck nine",
        "bring the map along",
        "the shop opens at ten",
        "she sang a quiet song",
        "paint the fence white",
    ],
}

# Emotion: the five ESD labels rendered by prosody. pitch = espeak-ng -p (0-99), rate = -s (wpm),
# amp = -a (0-200), range = SSML <prosody range>. Each clip jitters these by small amounts.
EMOTIONS = {
    "Angry": {"pitch": 45, "rate": 235, "amp": 180, "range": "high"},
    "Happy": {"pitch": 72, "rate": 205, "amp": 120, "range": "x-high"},
    "Neutral": {"pitch": 48, "rate": 170, "amp": 90, "range": "medium"},
    "Sad": {"pitch": 18, "rate": 120, "amp": 45, "range": "x-low"},
    "Surprise": {"pitch": 95, "rate": 165, "amp": 130, "range": "x-high"},
}
EMOTION_SENTENCES = [
    "i will be there",
    "the door is open",
    "we sold the car",
    "they came home",
]
EMOTION_VOICES_PER_SPLIT = {"train": 10, "val": 2, "test": 6}
# Each voice says this many of the sentences (rotating through the list), each with all five
# emotions, so the text carries no label information.
EMOTION_SENTENCES_PER_VOICE = {"train": 2, "val": 2, "test": 4}

# Intent: the 31 (action, object, location) intents of Fluent Speech Commands with several
# phrasings each. Label vocabulary as in FSC: 6 actions, 14 objects, 4 locations.
INTENTS = [
    (("change language", "none", "none"),
     ["change language", "switch the language", "use a different language"]),
    (("activate", "music", "none"), ["play the music", "put on some music", "start the music"]),
    (("deactivate", "music", "none"), ["stop the music", "pause the music", "turn the music off"]),
    (("activate", "lights", "none"), ["turn on the lights", "switch the lights on", "lights on"]),
    (("deactivate", "lights", "none"),
     ["turn off the lights", "switch the lights off", "lights off"]),
    (("increase", "volume", "none"), ["turn up the volume", "louder please", "increase the volume"]),
    (("decrease", "volume", "none"),
     ["turn down the volume", "make it quieter", "decrease the volume"]),
    (("increase", "heat", "none"),
     ["turn up the heat", "make it warmer", "increase the temperature"]),
    (("decrease", "heat", "none"),
     ["turn down the heat", "make it cooler", "decrease the temperature"]),
    (("activate", "lamp", "none"), ["turn on the lamp", "switch on the lamp", "lamp on"]),
    (("deactivate", "lamp", "none"), ["turn off the lamp", "switch off the lamp", "lamp off"]),
    (("activate", "lights", "kitchen"),
     ["turn on the kitchen lights", "lights on in the kitchen", "switch on the lights in the kitchen"]),
    (("activate", "lights", "bedroom"),
     ["turn on the bedroom lights", "lights on in the bedroom", "switch on the lights in the bedroom"]),
    (("activate", "lights", "washroom"),
     ["turn on the washroom lights", "lights on in the washroom",
      "switch on the lights in the washroom"]),
    (("deactivate", "lights", "kitchen"),
     ["turn off the kitchen lights", "lights off in the kitchen",
      "switch off the lights in the kitchen"]),
    (("deactivate", "lights", "bedroom"),
     ["turn off the bedroom lights", "lights off in the bedroom",
      "switch off the lights in the bedroom"]),
    (("deactivate", "lights", "washroom"),
     ["turn off the washroom lights", "lights off in the washroom",
      "switch off the lights in the washroom"]),
    (("increase", "heat", "kitchen"),
     ["turn up the heat in the kitchen", "make the kitchen warmer", "kitchen heat up"]),
    (("increase", "heat", "bedroom"),
     ["turn up the heat in the bedroom", "make the bedroom warmer", "bedroom heat up"]),
    (("increase", "heat", "washroom"),
     ["turn up the heat in the washroom", "make the washroom warmer", "washroom heat up"]),
    (("decrease", "heat", "kitchen"),
     ["turn down the heat in the kitchen", "make the kitchen cooler", "kitchen heat down"]),
    (("decrease", "heat", "bedroom"),
     ["turn down the heat in the bedroom", "make the bedroom cooler", "bedroom heat down"]),
    (("decrease", "heat", "washroom"),
     ["turn down the heat in the washroom", "make the washroom cooler", "washroom heat down"]),
    (("bring", "newspaper", "none"),
     ["bring me the newspaper", "get me the newspaper", "fetch the newspaper"]),
    (("bring", "juice", "none"), ["bring me some juice", "get me the juice", "fetch some juice"]),
    (("bring", "socks", "none"), ["bring me my socks", "get me my socks", "fetch my socks"]),
    (("bring", "shoes", "none"), ["bring me my shoes", "get me my shoes", "fetch my shoes"]),
    (("change language", "Chinese", "none"),
     ["switch to chinese", "change the language to chinese", "set the language to chinese"]),
    (("change language", "Korean", "none"),
     ["switch to korean", "change the language to korean", "set the language to korean"]),
    (("change language", "English", "none"),
     ["switch to english", "change the language to english", "set the language to english"]),
    (("change language", "German", "none"),
     ["switch to german", "change the language to german", "set the language to german"]),
]
INTENT_CLIPS_PER_SPLIT = {"train": 3, "val": 1, "test": 4}

# CTC: short sentences; train and test sentences are disjoint, drawn from the same small
# vocabulary (the keywords, the commands and everyday words) so that character-level
# recognition can generalise.
CTC_SENTENCES = {
    "train": [
        "turn on the lights", "go left now", "stop the music", "say yes or no",
        "turn the heat up", "the red door is open", "bring me the juice", "go down the stairs",
        "we are on our way", "put the lamp on", "left and right", "four more days",
        "switch off the music", "it is warm in here", "open the kitchen door", "the dog ran home",
        "go right at the shop", "no more coffee", "she said yes", "turn it down",
        "the music is too loud", "get the shoes from the bedroom", "the light is off",
        "up the hill we go", "he likes the newspaper", "the cat is in the kitchen",
        "stop and look around", "we go home at four", "put on your socks", "the lamp is broken",
        "make the room warmer", "the bedroom is cold", "read me the news", "the sun is up",
        "the washroom light is on", "set the volume to four",
    ],
    "val": [
        "turn off the kitchen lamp", "go up and stop", "the music is on", "bring the socks here",
        "the room is too warm", "say no to the dog",
    ],
    "test": [
        "turn the lights off", "go left at the door", "stop the heat", "yes we are home",
        "bring me my newspaper", "the music is off", "put the shoes in the bedroom",
        "turn up the lamp", "we go right", "no more music", "the juice is cold",
        "it is four now",
        "the kitchen is warm", "switch the lamp off", "go up the road", "bring me a coffee",
        "the dog is in the bedroom", "say yes to the music", "the door is cold",
        "put the news on", "stop at the shop", "we are home now", "turn the music down",
        "the socks are red", "left at the stairs",
    ],
}
CTC_VOICES_PER_SENTENCE = {"train": 2, "val": 1, "test": 4}

KWS_CLIPS_PER_KEYWORD = {"train": 28, "val": 4, "test": 10}

TASKS = ["kws", "speaker", "emotion", "intent", "ctc"]


# Synthesis settings of every clip written so far: (path relative to the task dir, voice, pitch,
# rate, amplitude, range). Written to <task>/voices.csv after each task.
_LOG = []


def synth(path, text, voice, pitch, rate, amp, ssml_range=None, sample_rate=SAMPLE_RATE):
    """Render ``text`` with espeak-ng, then resample to ``sample_rate`` Hz (default 16 kHz) mono
    16-bit and trim silence. The output format follows the extension of ``path`` (WAV or FLAC)."""
    _LOG.append((path, voice, pitch, rate, amp, ssml_range or ""))
    with tempfile.NamedTemporaryFile(suffix=".wav", delete=False) as tmp:
        raw = tmp.name
    try:
        cmd = ["espeak-ng", "-v", voice, "-p", str(pitch), "-s", str(rate), "-a", str(amp),
               "-w", raw]
        if ssml_range is not None:
            cmd += ["-m", '<speak><prosody range="%s">%s</prosody></speak>' % (ssml_range, text)]
        else:
            cmd.append(text)
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        # -R repeatable, -D no dither: byte-identical output across runs. A fixed -6 dB gain
        # leaves headroom for resampling overshoot without erasing loudness differences.
        # FLAC (always signed integer; sox warns when told so) at its highest compression level.
        encoding = ["-C", "8"] if path.endswith(".flac") else ["-e", "signed-integer"]
        subprocess.run(
            ["sox", "-R", "-D", raw, "-r", str(sample_rate), "-c", "1", "-b", "16"] + encoding
            + [path, "gain", "-6", "rate", str(sample_rate),
               "silence", "1", "0.01", "0.1%", "reverse", "silence", "1", "0.01", "0.1%", "reverse"],
            check=True)
    finally:
        os.unlink(raw)


def jitter(rng, value, spread, lo, hi):
    return max(lo, min(hi, int(round(value + rng.uniform(-spread, spread)))))


def voices_for(split, rng):
    """All (accent, variant) voices for a split, in a seeded random order."""
    voices = [(a, v) for v in SPLIT_VARIANTS[split] for a in ACCENTS]
    rng.shuffle(voices)
    return voices


def write_manifest(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow(row)


def build_kws(out, rng):
    rows = {}
    for split, per_kw in KWS_CLIPS_PER_KEYWORD.items():
        voices = voices_for(split, rng)
        rows[split] = []
        os.makedirs(os.path.join(out, split), exist_ok=True)
        k = 0
        for word in KEYWORDS:
            for i in range(per_kw):
                accent, variant = voices[k % len(voices)]
                k += 1
                name = "%s/%s_%03d.wav" % (split, word, i)
                synth(os.path.join(out, name), word, accent + "+" + variant,
                      pitch=jitter(rng, 50, 25, 0, 99), rate=jitter(rng, 170, 40, 80, 400),
                      amp=jitter(rng, 100, 40, 20, 200))
                rows[split].append((name, word))
        write_manifest(os.path.join(out, split + ".csv"), ["path", "label"], rows[split])
    return rows


def build_speaker(out, rng):
    rows = {}
    for split, sentences in SPEAKER_SENTENCES.items():
        os.makedirs(os.path.join(out, split), exist_ok=True)
        rows[split] = []
        for spk, accent, variant, pitch, rate in SPEAKERS:
            for i, text in enumerate(sentences):
                name = "%s/%s_%02d.wav" % (split, spk, i)
                synth(os.path.join(out, name), text, accent + "+" + variant,
                      pitch=jitter(rng, pitch, 4, 0, 99), rate=jitter(rng, rate, 10, 80, 400),
                      amp=jitter(rng, 100, 20, 20, 200))
                rows[split].append((name, spk, "%s+%s" % (accent, variant), text))
        write_manifest(os.path.join(out, split + ".csv"), ["path", "label", "speaker", "text"],
                       rows[split])
    return rows


def build_emotion(out, rng):
    rows = {}
    for split, n_voices in EMOTION_VOICES_PER_SPLIT.items():
        os.makedirs(os.path.join(out, split), exist_ok=True)
        rows[split] = []
        # One voice per variant so that the split's voices are distinct speakers.
        variants = list(SPLIT_VARIANTS[split])
        rng.shuffle(variants)
        voices = [(rng.choice(ACCENTS), v) for v in variants[:n_voices]]
        for vi, (accent, variant) in enumerate(voices):
            voice_pitch = rng.randint(-6, 6)  # per-voice offset so pitch alone is not the label
            voice_rate = rng.randint(-12, 12)
            per_voice = EMOTION_SENTENCES_PER_VOICE[split]
            for k in range(per_voice):
                si = (vi * per_voice + k) % len(EMOTION_SENTENCES)
                text = EMOTION_SENTENCES[si]
                for label, p in EMOTIONS.items():
                    name = "%s/%s_v%d_s%d.wav" % (split, label.lower(), vi, si)
                    synth(os.path.join(out, name), text, accent + "+" + variant,
                          pitch=jitter(rng, p["pitch"] + voice_pitch, 5, 0, 99),
                          rate=jitter(rng, p["rate"] + voice_rate, 10, 80, 400),
                          amp=jitter(rng, p["amp"], 12, 20, 200), ssml_range=p["range"])
                    rows[split].append((name, label, "%s+%s" % (accent, variant), text))
        write_manifest(os.path.join(out, split + ".csv"), ["path", "label", "speaker", "text"],
                       rows[split])
    return rows


def build_intent(out, rng):
    rows = {}
    for split, per_intent in INTENT_CLIPS_PER_SPLIT.items():
        os.makedirs(os.path.join(out, split), exist_ok=True)
        voices = voices_for(split, rng)
        rows[split] = []
        k = 0
        for ii, ((action, obj, loc), phrasings) in enumerate(INTENTS):
            order = list(phrasings)
            rng.shuffle(order)
            for j in range(per_intent):
                text = order[j % len(order)]
                accent, variant = voices[k % len(voices)]
                k += 1
                name = "%s/intent%02d_%d.wav" % (split, ii, j)
                synth(os.path.join(out, name), text, accent + "+" + variant,
                      pitch=jitter(rng, 50, 20, 0, 99), rate=jitter(rng, 210, 25, 80, 400),
                      amp=jitter(rng, 100, 30, 20, 200))
                rows[split].append((name, action, obj, loc, text))
        write_manifest(os.path.join(out, split + ".csv"),
                       ["path", "action", "object", "location", "transcript"], rows[split])
    return rows


def build_ctc(out, rng):
    rows = {}
    for split, sentences in CTC_SENTENCES.items():
        os.makedirs(os.path.join(out, split), exist_ok=True)
        voices = voices_for(split, rng)
        rows[split] = []
        k = 0
        for si, text in enumerate(sentences):
            for j in range(CTC_VOICES_PER_SENTENCE[split]):
                accent, variant = voices[k % len(voices)]
                k += 1
                name = "%s/utt%03d_%d.wav" % (split, si, j)
                synth(os.path.join(out, name), text, accent + "+" + variant,
                      pitch=jitter(rng, 50, 20, 0, 99), rate=jitter(rng, 195, 25, 80, 400),
                      amp=jitter(rng, 100, 30, 20, 200))
                rows[split].append((name, text))
        write_manifest(os.path.join(out, split + ".csv"), ["path", "transcript"], rows[split])
    return rows


BUILDERS = {
    "kws": build_kws,
    "speaker": build_speaker,
    "emotion": build_emotion,
    "intent": build_intent,
    "ctc": build_ctc,
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="data/mini", help="output directory (default: data/mini)")
    ap.add_argument("--seed", type=int, default=20230303, help="base seed")
    ap.add_argument("--tasks", default=",".join(TASKS), help="comma-separated tasks to build")
    args = ap.parse_args(argv)
    tasks = [t.strip() for t in args.tasks.split(",") if t.strip()]
    for t in tasks:
        if t not in BUILDERS:
            ap.error("unknown task '%s' (known: %s)" % (t, ", ".join(TASKS)))
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            sys.exit("error: '%s' not found on PATH" % tool)
    os.makedirs(args.out, exist_ok=True)
    for ti, task in enumerate(TASKS):
        if task not in tasks:
            continue
        start = time.time()
        task_dir = os.path.join(args.out, task)
        if os.path.isdir(task_dir):
            shutil.rmtree(task_dir)
        os.makedirs(task_dir)
        del _LOG[:]
        rows = BUILDERS[task](task_dir, random.Random(args.seed + 1000 * ti))
        write_manifest(
            os.path.join(task_dir, "voices.csv"),
            ["path", "voice", "pitch", "rate", "amplitude", "range"],
            [(os.path.relpath(e[0], task_dir).replace(os.sep, "/"),) + e[1:] for e in _LOG])
        counts = ", ".join("%s=%d" % (s, len(r)) for s, r in rows.items())
        print("%-8s %s (%.1f s)" % (task, counts, time.time() - start), flush=True)


if __name__ == "__main__":
    main()
