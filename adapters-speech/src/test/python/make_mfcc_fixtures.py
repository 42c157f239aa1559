#!/usr/bin/env python3
"""Builds the MFCC parity fixtures of dev.sure4j.speech.pretrain.

Run from the repository root with `nice /usr/bin/python3 adapters-speech/src/test/python/make_mfcc_fixtures.py`.
Needs numpy, torch and torchaudio (0.13).

Writes into adapters-speech/src/test/resources/audio/mfcc/, for two mini-corpus val clips:
  <name>_wave.npy   float32 [samples] waveform as torchaudio.load gives it (scaled to [-1, 1]); clip 2 cut to 0.6 s
  <name>_mfcc.npy   float32 [frames, 39]: torchaudio.compliance.kaldi.mfcc(dither=0, frame_length=25 ms,
                    frame_shift=20 ms, snip_edges=True, 23 mel bins, 13 ceps, other defaults), then
                    torchaudio.functional.compute_deltas(win_length=5) once and twice, concatenated
"""
import os

import numpy as np
import torch
import torchaudio
import torchaudio.compliance.kaldi as kaldi
import torchaudio.functional as AF

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "audio", "mfcc")
CLIPS = {
    "down": ("data/mini/kws/val/down_000.wav", None),
    "intent": ("data/mini/intent/val/" + sorted(os.listdir(os.path.join(ROOT, "data/mini/intent/val")))[0], 9600),
}


def npy(path, array):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.save(path, np.ascontiguousarray(array, dtype="<f4"))


def main():
    for name, (rel, cut) in CLIPS.items():
        wave, rate = torchaudio.load(os.path.join(ROOT, rel))
        assert rate == 16000 and wave.shape[0] == 1, (rel, rate, wave.shape)
        if cut is not None:
            wave = wave[:, :cut]
        mfcc = kaldi.mfcc(
            wave,
            sample_frequency=16000.0,
            frame_length=25.0,
            frame_shift=20.0,
            dither=0.0,
            num_ceps=13,
            num_mel_bins=23,
            snip_edges=True,
        )
        d = AF.compute_deltas(mfcc.T.unsqueeze(0), win_length=5)[0]
        dd = AF.compute_deltas(d.unsqueeze(0), win_length=5)[0]
        feats = torch.cat([mfcc, d.T, dd.T], dim=1)
        n = wave.shape[1]
        assert feats.shape[0] == (n - 400) // 320 + 1, (feats.shape, n)
        npy(os.path.join(OUT, name + "_wave.npy"), wave[0].numpy())
        npy(os.path.join(OUT, name + "_mfcc.npy"), feats.numpy())
        print(name, rel, n, "samples ->", tuple(feats.shape))


if __name__ == "__main__":
    torch.set_num_threads(1)
    main()
