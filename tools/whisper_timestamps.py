#!/usr/bin/env python3
"""Prints reference ids of timestamp decoding and of LoRA decoding on the tiny random Whisper of
tools/whisper_fixture.py.

Reads the committed fixture (adapters-speech/src/test/resources/whisper/tiny-random: float16 weights, which the
fixture computed its references with, and generation_config.json), drops <|notimestamps|> from the prompt and
decodes the committed test utterance greedily and with 3 beams, 12 new tokens, applying after the fixture's
suppression the rules of Hugging Face's WhisperTimeStampLogitsProcessor (timestamp_begin =
no_timestamps_token_id + 1), once with max_initial_timestamp_index 10 and once without (the fixture's
generation_config.json sets none). Then greedy ids (12 new tokens, the fixture's prompt) with the PEFT LoRA of
whisper/lora applied in the encoder and the decoder, and greedy ids with <|de|> as the forced language.
WhisperDecodingTest, TranscribeCommandTest, WhisperTranslatorTest and WhisperHttpTest hold the printed ids.

Usage (from the repository root): /usr/bin/python3 tools/whisper_timestamps.py
"""

import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import whisper_fixture as wf  # noqa: E402
from safetensors_fixture import read_safetensors  # noqa: E402

MODEL = wf.OUT + "/tiny-random/"


def float_tensors(path):
    """A safetensors file of float16/float32 tensors as float32 torch tensors."""
    return {k: torch.from_numpy(v.astype(np.float32)) for k, v in read_safetensors(path).items()}


def timestamp_rules(gen_cfg, begin_index, max_initial):
    """WhisperTimeStampLogitsProcessor for one hypothesis, on log-probabilities (no renormalisation)."""
    ts = gen_cfg["no_timestamps_token_id"] + 1
    eos = gen_cfg["eos_token_id"]
    inf = float("-inf")

    def apply(lp, ids):
        lp = lp.clone()
        lp[ts - 1] = inf
        seq = ids[begin_index:]
        last = len(seq) >= 1 and seq[-1] >= ts
        penultimate = len(seq) < 2 or seq[-2] >= ts
        if last:
            if penultimate:
                lp[ts:] = inf
            else:
                lp[:eos] = inf
        stamps = [t for t in seq if t >= ts]
        if stamps:
            upto = stamps[-1] if last and not penultimate else stamps[-1] + 1
            lp[ts:upto] = inf
        if len(seq) == 0:
            lp[:ts] = inf
            if max_initial is not None:
                lp[ts + max_initial + 1:] = inf
        norm = lp.log_softmax(-1)
        if norm[ts:].logsumexp(-1) > norm[:ts].max():
            lp[:ts] = inf
        return lp

    return apply


def peft_lora(adapter_dir):
    """The fixture's LoRA dict {module: (A, B, alpha / r)} from a PEFT adapter directory."""
    with open(adapter_dir + "adapter_config.json") as f:
        scale = (lambda c: c["lora_alpha"] / c["r"])(json.load(f))
    t = float_tensors(adapter_dir + "adapter_model.safetensors")
    prefix = "base_model.model."
    return {k[len(prefix):-len(".lora_A.weight")]: (v, t[k.replace("lora_A", "lora_B")], scale)
            for k, v in t.items() if k.endswith(".lora_A.weight")}


def main():
    with open(MODEL + "config.json") as f:
        cfg = json.load(f)
    with open(MODEL + "generation_config.json") as f:
        gen_cfg = json.load(f)
    plain = dict(gen_cfg)
    no_ts = gen_cfg["no_timestamps_token_id"]
    forced = [t for _, t in sorted(gen_cfg["forced_decoder_ids"]) if t != no_ts]
    gen_cfg["forced_decoder_ids"] = [[i + 1, t] for i, t in enumerate(forced)]
    w = float_tensors(MODEL + "model.safetensors")
    with torch.no_grad():
        enc = wf.encoder(w, cfg, wf.log_mel(wf.read_wav(wf.AUDIO), 80))
        for max_initial in (10, None):
            after = timestamp_rules(gen_cfg, len(forced) + 1, max_initial)
            print("max_initial_timestamp_index", max_initial)
            print("  greedy", wf.greedy(w, cfg, gen_cfg, enc, 12, after))
            print("  beam", wf.beam_search(w, cfg, gen_cfg, enc, 3, 12, after=after))
        lora = peft_lora(wf.OUT + "/lora/")
        lora_enc = wf.encoder(w, cfg, wf.log_mel(wf.read_wav(wf.AUDIO), 80), lora)
        print("lora greedy", wf.greedy(w, cfg, plain, lora_enc, 12, lora=lora))
        german = dict(plain, forced_decoder_ids=[[1, plain["lang_to_id"]["<|de|>"]]] + plain["forced_decoder_ids"][1:])
        print("greedy, language de", wf.greedy(w, cfg, german, enc, 12))


if __name__ == "__main__":
    main()
