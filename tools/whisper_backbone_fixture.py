#!/usr/bin/env python3
"""Writes the parity fixture of dev.sure4j.speech.whisper.WhisperBackbone (Whisper's encoder under the SURE heads).

Reads the tiny random Whisper that tools/whisper_fixture.py wrote (adapters-speech/src/test/resources/whisper/
tiny-random/model.safetensors, float16) and computes, in plain PyTorch with that script's encoder functions, every
hidden state of Hugging Face's output_hidden_states (the conv stem's output plus the positions, each layer's output
but the last, then layer_norm of the last layer's output) for the committed 0.8 s test audio
audio/mel/speech_c_16k.wav (12,800 samples, so ceil(12800 / 320) = 40 encoder positions):

    pad.h<i>.head, pad.h<i>.tail   [64, d_model]  padded to 30 s as Whisper was trained (1500 positions): rows 0-63
                                                  and 1436-1499 of hidden state i
    slice.h<i>                     [40, d_model]  the first 80 log-mel frames of the padded features, run on the
                                                  first 40 positional embeddings only (embed_positions sliced)
    slice.short.h<i>               [40, d_model]  the first 8,000 samples of the audio (0.5 s, 25 positions of its
                                                  own) in a sliced batch whose longest utterance is the 0.8 s one:
                                                  its own log-mel (normalised over its own audio) on 40 positions

into adapters-speech/src/test/resources/whisper/backbone_reference.safetensors.

Usage (from the repository root, after tools/whisper_fixture.py): /usr/bin/python3 tools/whisper_backbone_fixture.py
Requires PyTorch (tested with 1.13) and NumPy.
"""

import json
import os
import sys

import numpy as np
import torch
from torch.nn import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import whisper_fixture as wf  # noqa: E402
from safetensors_fixture import read_safetensors, write_safetensors  # noqa: E402

ROWS = 64
SHORT = 8000


def hidden_states(w, cfg, mel):
    """HF WhisperEncoder(output_hidden_states=True).hidden_states for one utterance: L + 1 tensors [T, D], with
    T = mel frames / 2 and embed_positions sliced to T (the padded case is T = 1500)."""
    x = F.gelu(F.conv1d(mel[None], w["model.encoder.conv1.weight"], w["model.encoder.conv1.bias"], padding=1))
    x = F.gelu(F.conv1d(x, w["model.encoder.conv2.weight"], w["model.encoder.conv2.bias"], stride=2, padding=1))
    h = x[0].T + w["model.encoder.embed_positions.weight"][: x.shape[2]]
    states = []
    for i in range(cfg["encoder_layers"]):
        states.append(h)
        p = f"model.encoder.layers.{i}"
        a = wf.layer_norm(w, p + ".self_attn_layer_norm", h)
        h = h + wf.attention(w, p + ".self_attn", a, a, cfg["encoder_attention_heads"], False)
        h = h + wf.ffn(w, p, wf.layer_norm(w, p + ".final_layer_norm", h))
    states.append(wf.layer_norm(w, "model.encoder.layer_norm", h))
    return states


def main():
    d = wf.OUT + "/tiny-random/"
    with open(d + "config.json") as f:
        cfg = json.load(f)
    w = {k: torch.from_numpy(v.astype(np.float32)) for k, v in read_safetensors(d + "model.safetensors").items()}
    audio = wf.read_wav(wf.AUDIO)
    positions = -(-len(audio) // 320)
    ref = {}
    with torch.no_grad():
        mel = wf.log_mel(audio, cfg["num_mel_bins"])
        for i, h in enumerate(hidden_states(w, cfg, mel)):
            ref[f"pad.h{i}.head"] = h[:ROWS].numpy()
            ref[f"pad.h{i}.tail"] = h[-ROWS:].numpy()
        for i, h in enumerate(hidden_states(w, cfg, mel[:, : 2 * positions])):
            ref[f"slice.h{i}"] = h.numpy()
        short = wf.log_mel(audio[:SHORT], cfg["num_mel_bins"])
        for i, h in enumerate(hidden_states(w, cfg, short[:, : 2 * positions])):
            ref[f"slice.short.h{i}"] = h.numpy()
    write_safetensors(wf.OUT + "/backbone_reference.safetensors", ref, sort=True)
    print(f"wrote {len(ref)} tensors, {positions} positions for {len(audio)} samples")


if __name__ == "__main__":
    main()
