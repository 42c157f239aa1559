#!/usr/bin/env python3
"""Writes the prefix-tuning parity fixture for dev.sure4j.speech.whisper (WhisperPrefixTest).

Prefix tuning on Whisper, as sure4j does it and as Hugging Face's attention does with past_key_values: each adapted
attention block holds learned keys and values [P, d_model] that are split into heads and put in front of the keys
and values it projects; every query sees them (in the decoder's causal self-attention too: they come before the
first position). The tiny random model of tools/whisper_fixture.py (tiny-random/, read back from its float16
safetensors) gets a prefix of P = 3 on every attention block: the encoder's self_attn, the decoder's self_attn and
encoder_attn. Written under adapters-speech/src/test/resources/whisper/prefix/:

    prefix.safetensors   base_model.model.<block>.prefix_key / .prefix_value [3, d_model] (sure4j's tensor names),
                         logits [T, vocab] (teacher-forced, the ids of reference.safetensors' decoder.input_ids),
                         greedy.ids I64 (greedy decoding with the generation config's rules, 12 new tokens at most)

Usage (from the repository root): /usr/bin/python3 tools/whisper_prefix_fixture.py
Requires PyTorch (tested with 1.13) and NumPy; run tools/whisper_fixture.py first.
"""

import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import whisper_fixture as wf  # noqa: E402
from safetensors_fixture import read_safetensors, write_safetensors  # noqa: E402

OUT = wf.OUT + "/prefix"
LENGTH = 3
SEED = 7
PLAIN_ATTENTION = wf.attention


def prefixed_attention(prefixes):
    """Whisper's attention with each adapted block's prefix keys and values in front of the projected ones."""

    def attention(w, p, x, kv, heads, causal, lora=None):
        return PLAIN_ATTENTION(w, p, x, kv, heads, causal, lora, prefix=prefixes.get(p))

    return attention


def main():
    cfg, gen_cfg = wf.read_configs()
    weights = read_safetensors(wf.OUT + "/tiny-random/model.safetensors")
    w = {k: torch.from_numpy(v.astype(np.float32)) for k, v in weights.items()}
    ids = read_safetensors(wf.OUT + "/reference.safetensors")["decoder.input_ids"].tolist()

    gen = torch.Generator().manual_seed(SEED)
    blocks = [f"model.encoder.layers.{i}.self_attn" for i in range(cfg["encoder_layers"])]
    for i in range(cfg["decoder_layers"]):
        blocks += [f"model.decoder.layers.{i}.self_attn", f"model.decoder.layers.{i}.encoder_attn"]
    prefixes, out = {}, {}
    for b in blocks:
        pk = torch.randn(LENGTH, cfg["d_model"], generator=gen)
        pv = torch.randn(LENGTH, cfg["d_model"], generator=gen)
        prefixes[b] = (pk, pv)
        out[f"base_model.model.{b}.prefix_key"] = pk.numpy()
        out[f"base_model.model.{b}.prefix_value"] = pv.numpy()

    wf.attention = prefixed_attention(prefixes)
    with torch.no_grad():
        mel = wf.log_mel(wf.read_wav(wf.AUDIO), cfg["num_mel_bins"])
        enc = wf.encoder(w, cfg, mel)
        out["logits"] = wf.decoder(w, cfg, torch.tensor(ids), enc).numpy()
        out["greedy.ids"] = np.array(wf.greedy(w, cfg, gen_cfg, enc, 12), dtype=np.int64)
        wf.attention = PLAIN_ATTENTION
        base = wf.decoder(w, cfg, torch.tensor(ids), wf.encoder(w, cfg, mel)).numpy()
    print("the prefixes move the logits by max", float(np.abs(out["logits"] - base).max()))
    print("greedy ids with the prefixes", out["greedy.ids"].tolist())
    os.makedirs(OUT, exist_ok=True)
    write_safetensors(OUT + "/prefix.safetensors", out, sort=True, metadata={"format": "pt"})


if __name__ == "__main__":
    main()
