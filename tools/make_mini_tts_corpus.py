#!/usr/bin/env python3
"""Generate the bundled sure4j mini TTS corpus (data/mini/tts) with espeak-ng and sox.

Four base voices (espeak-ng voice variants) for training a base text-to-speech model, and one
held-out voice for adaptation with train, val and test sentences. Every clip is 22,050 Hz mono
16-bit FLAC (the rate of MelConfig.fastspeech2()), synthesised by espeak-ng, resampled by sox and
trimmed of leading and trailing silence exactly as tools/make_mini_corpus.py does (its ``synth``
is reused). Every sentence occurs once in the whole corpus, so no val or test text is ever seen
in any training split. All random choices come from ``random.Random(seed)``; the same espeak-ng
and sox versions produce byte-identical files.

Usage (from the repository root):

    python3 tools/make_mini_tts_corpus.py --out data/mini/tts

Options:
    --out DIR   output directory (default: data/mini/tts); deleted and rebuilt
    --seed N    seed (default: 20230314)

Writes DIR/base.csv and DIR/adapt.csv (path,text,speaker,split; path relative to DIR), the clips
under DIR/base/ and DIR/adapt/, and DIR/voices.csv with the synthesis settings of every clip.
Requires espeak-ng (tested with 1.51) and sox (tested with 14.4.2) on PATH; Python 3 standard
library only.
"""

import argparse
import os
import random
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_mini_corpus as mini  # noqa: E402  (the shared synthesis pipeline)

SAMPLE_RATE = 22050

# (speaker name, espeak-ng voice, base pitch 0-99, base rate wpm). The base variants are train
# variants of data/mini; the held-out variant f4 is one of data/mini's val variants, so no train
# split anywhere in data/mini contains it.
BASE_VOICES = [
    ("us_m3", "en-us+m3", 40, 175),
    ("gb_f2", "en-gb+f2", 62, 170),
    ("us_klatt", "en-us+klatt", 50, 180),
    ("scot_m1", "en-gb-scotland+m1", 35, 165),
]
HELD_OUT_VOICE = ("carib_f4", "en-029+f4", 72, 170)

BASE_TRAIN_PER_VOICE = 26
BASE_VAL_PER_VOICE = 2
ADAPT_SIZES = {"train": 56, "val": 6, "test": 10}

# Short everyday sentences, written for this corpus. Each is used once.
SENTENCES = [
    "The kettle is boiling in the kitchen.", "Please close the window before you leave.",
    "My sister lives near the old bridge.", "We had soup and bread for lunch.",
    "The bus was late again this morning.", "Can you pass me the salt?",
    "He forgot his umbrella at the office.", "The garden looks lovely in spring.",
    "I will call you after the meeting.", "Our neighbours painted their fence blue.",
    "The children are playing in the yard.", "She bought fresh apples at the market.",
    "Turn left at the next corner.", "The library opens at nine.",
    "Do you want tea or coffee?", "The train leaves from platform four.",
    "It rained all night in the valley.", "Please put the books on the shelf.",
    "My phone needs to be charged.", "The dog sleeps under the table.",
    "We walked along the river after dinner.", "The shop on the corner sells bread.",
    "He is learning to play the guitar.", "The room is too warm today.",
    "I lost my keys yesterday.", "The baby smiled at her father.",
    "Let us meet at the park on Sunday.", "The cat jumped onto the roof.",
    "She writes a letter every week.", "The soup needs a little more pepper.",
    "Where did you park the car?", "The lights went out during the storm.",
    "My brother fixed the old bicycle.", "We need milk, eggs and butter.",
    "The teacher smiled at the class.", "Wash your hands before dinner.",
    "The flowers need water every day.", "I like to read in the evening.",
    "The doctor will see you now.", "They moved to a small village.",
    "The bread is still warm.", "Please turn off the television.",
    "The sky is clear and bright tonight.", "He drinks coffee without sugar.",
    "The museum is closed on Mondays.", "We planted three trees last autumn.",
    "Is this seat taken?", "The printer is out of paper.",
    "My grandmother tells wonderful stories.", "The wind blew the hat away.",
    "She runs in the park every morning.", "The plates are in the top cupboard.",
    "We are going to the beach tomorrow.", "The movie starts at eight.",
    "Remember to lock the front door.", "The bakery smells of fresh cake.",
    "He waited for the bus in the rain.", "The new chair is very comfortable.",
    "I will bring some fruit to the party.", "The clock on the wall is slow.",
    "Our team won the game on Saturday.", "The bridge is closed for repairs.",
    "Could you help me carry this box?", "The birds sing early in the morning.",
    "The water in the lake is cold.", "She found a coin on the pavement.",
    "My father cooks dinner on Fridays.", "The road to the farm is narrow.",
    "We watched the stars from the hill.", "The pencil is on the desk.",
    "Please speak a little more slowly.", "The ice cream melted in the sun.",
    "He painted the kitchen yellow.", "The post office is next to the bank.",
    "I need a new pair of shoes.", "The children laughed at the clown.",
    "Dinner will be ready in ten minutes.", "The towel is hanging by the door.",
    "She plays the piano very well.", "The market is busy on weekends.",
    "We took the boat across the bay.", "My coat is too small now.",
    "The fridge is full of vegetables.", "He reads the paper after breakfast.",
    "The path goes through the forest.", "Please write your name here.",
    "The meeting ended early today.", "Our kitchen has a big window.",
    "The puppy chased its own tail.", "I forgot to buy the onions.",
    "The lamp by the bed is broken.", "They sang a song together.",
    "The hotel is near the station.", "My cousin visits us every summer.",
    "The snow covered the whole town.", "She keeps her money in a jar.",
    "The office is on the second floor.", "We ate pizza on the balcony.",
    "Do you know the way to the station?", "The candle burned all evening.",
    "He carried the bags up the stairs.", "The grass is wet this morning.",
    "I am looking for my glasses.", "The apples fell from the tree.",
    "Please bring a warm jacket.", "The car needs new tyres.",
    "The river runs past the church.", "We borrowed a ladder from a friend.",
    "The soup is too hot to eat.", "My uncle drives a green van.",
    "The sun sets behind the hills.", "She opened the door with a smile.",
    "The shop closes at six.", "He likes to walk by the sea.",
    "The floor is clean and shiny.", "Let me know when you arrive.",
    "The horse ran across the field.", "I made a cake for her birthday.",
    "The bus stop is across the road.", "They live in a yellow house.",
    "The music was very loud.", "We counted the coins on the table.",
    "My shoes are wet from the rain.", "The nurse checked his temperature.",
    "The fish swam under the boat.", "Please sit down and relax.",
    "The wall needs another coat of paint.", "He answered the phone quickly.",
    "The cookies are in the blue tin.", "Our plane lands at noon.",
    "The baby is sleeping upstairs.", "She wore a red scarf today.",
    "The key is under the mat.", "We heard thunder in the distance.",
    "The chair has a broken leg.", "I will wash the dishes later.",
    "The garden gate is open.", "He told a funny story at dinner.",
    "The bottle is almost empty.", "The farmer feeds the chickens at dawn.",
    "Please switch on the heater.", "The stairs lead to the attic.",
    "My friend lent me a good book.", "The cups are on the tray.",
    "We went fishing with our uncle.", "The door squeaks when it opens.",
    "She called her mother last night.", "The street is quiet at night.",
    "I prefer green tea in the afternoon.", "The parcel arrived this morning.",
    "He cut the grass on Sunday.", "The tomatoes are ripe now.",
    "Our cat likes to sit by the fire.", "The map is in the glove box.",
    "We should leave before it gets dark.", "The boy kicked the ball over the wall.",
    "Is the kitchen window closed?", "The pie is cooling on the table.",
    "My watch stopped at midnight.", "The ducks swim on the pond.",
    "Please hang your coat in the hall.", "The bank is open until four.",
    "She made a sandwich for the trip.", "The picture hangs above the sofa.",
    "He missed the last train home.", "The blanket is soft and warm.",
    "We cleaned the house on Saturday.", "The baker starts work very early.",
    "I heard a knock at the door.", "The tea is getting cold.",
    "They built a snowman in the garden.", "The window faces the sea.",
    "My sister sings in a choir.", "The rain stopped after lunch.",
    "Please hold the door for me.", "The spoon fell on the floor.",
    "We found a quiet table by the window.", "The old man fed the pigeons.",
    "He put the milk back in the fridge.", "The lamp gives a soft light.",
    "Our school has a large playground.", "The oranges are very sweet.",
    "She lost her glove on the bus.", "The wind is cold this evening.",
    "I washed the car this afternoon.", "The little girl drew a house.",
    "Please keep the noise down.", "The pan is on the stove.",
    "We waited for an hour at the doctor's.", "The clouds are getting darker.",
    "He poured water into the glass.", "The mountain road is steep.",
    "My mother grows roses in the garden.", "The shop sells shoes and bags.",
    "Can we go to the zoo today?", "The soap is next to the sink.",
    "The boat rocked gently on the waves.", "I will see you next week.",
    "They painted the bedroom white.", "The milk is in the jug.",
    "She laughed at the joke.", "The library is very quiet.",
    "The bell rang at the end of class.", "We shared a taxi to the airport.",
    "Her brother plays football on Thursdays.", "The jam jar is hard to open.",
    "Put the plants near the window.", "The fox hid behind the shed.",
    "I bought stamps at the post office.", "The evening news starts at seven.",
]


def sentence_pool(rng):
    """The sentences in a seeded random order, checked to be distinct."""
    seen = set()
    for s in SENTENCES:
        if s in seen:
            sys.exit("error: sentence listed twice: %s" % s)
        seen.add(s)
    needed = (BASE_TRAIN_PER_VOICE + BASE_VAL_PER_VOICE) * len(BASE_VOICES) + sum(
        ADAPT_SIZES.values())
    if needed > len(SENTENCES):
        sys.exit("error: %d sentences needed, %d written" % (needed, len(SENTENCES)))
    pool = list(SENTENCES)
    rng.shuffle(pool)
    return pool


def say(out, rel, text, speaker, rng):
    """Synthesises one clip of ``speaker`` (an entry of BASE_VOICES) with per-clip jitter."""
    _, voice, pitch, rate = speaker
    mini.synth(os.path.join(out, rel), text, voice,
               pitch=mini.jitter(rng, pitch, 3, 0, 99), rate=mini.jitter(rng, rate, 8, 80, 400),
               amp=mini.jitter(rng, 100, 15, 20, 200), sample_rate=SAMPLE_RATE)


def build(out, rng):
    """Writes every clip and both manifests; returns {manifest: rows}."""
    pool = sentence_pool(rng)
    base_rows = []
    for split, per_voice in (("train", BASE_TRAIN_PER_VOICE), ("val", BASE_VAL_PER_VOICE)):
        for speaker in BASE_VOICES:
            name = speaker[0]
            os.makedirs(os.path.join(out, "base", name), exist_ok=True)
            for _ in range(per_voice):
                text = pool.pop()
                rel = "base/%s/%s_%03d.flac" % (name, name, len(base_rows))
                say(out, rel, text, speaker, rng)
                base_rows.append((rel, text, name, split))
    adapt_rows = []
    name = HELD_OUT_VOICE[0]
    os.makedirs(os.path.join(out, "adapt", name), exist_ok=True)
    for split, n in ADAPT_SIZES.items():
        for _ in range(n):
            text = pool.pop()
            rel = "adapt/%s/%s_%03d.flac" % (name, name, len(adapt_rows))
            say(out, rel, text, HELD_OUT_VOICE, rng)
            adapt_rows.append((rel, text, name, split))
    return {"base.csv": base_rows, "adapt.csv": adapt_rows}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="data/mini/tts", help="output directory")
    ap.add_argument("--seed", type=int, default=20230314, help="seed")
    args = ap.parse_args(argv)
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            sys.exit("error: '%s' not found on PATH" % tool)
    start = time.time()
    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    del mini._LOG[:]
    manifests = build(args.out, random.Random(args.seed))
    header = ["path", "text", "speaker", "split"]
    for file, rows in manifests.items():
        mini.write_manifest(os.path.join(args.out, file), header, rows)
    mini.write_manifest(
        os.path.join(args.out, "voices.csv"),
        ["path", "voice", "pitch", "rate", "amplitude", "range"],
        [(os.path.relpath(e[0], args.out).replace(os.sep, "/"),) + e[1:] for e in mini._LOG])
    for file, rows in manifests.items():
        counts = {}
        for row in rows:
            counts[row[3]] = counts.get(row[3], 0) + 1
        print("%-9s %s" % (file, ", ".join("%s=%d" % kv for kv in counts.items())))
    print("done in %.1f s" % (time.time() - start))


if __name__ == "__main__":
    main()
