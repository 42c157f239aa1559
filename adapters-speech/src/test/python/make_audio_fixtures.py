#!/usr/bin/env python3
"""Builds the audio test fixtures of adapters-speech.

Run from the repository root with `nice /usr/bin/python3 adapters-speech/src/test/python/make_audio_fixtures.py`.
Needs numpy, torch and torchaudio (0.13); for the FLAC fixture also espeak-ng and sox.

Writes into adapters-speech/src/test/resources/audio/:
  wav/<name>.wav           WAV files of every sample format, written byte by byte (not by the code under test)
  wav/<name>.npy           the float32 samples expected from each, shape [frames, channels], scaled to [-1, 1]
                           (8-bit: (u - 128) / 128, N-bit signed: s / 2^(N-1), float: as stored)
  resample/<sig>_<rate>.npy      float32 input signal at <rate> Hz, 0.1 s
  resample/<sig>_<rate>_16k.npy  torchaudio.functional.resample(x, rate, 16000) (sinc_interp_hann, width 6,
                                 rolloff 0.99), float32
  resample/<sig>_<rate>_16k_f64.npy  the same computed in float64 (stored as float32)
  speech/yes.flac, speech/yes.wav  the same espeak-ng utterance (16 kHz mono 16-bit) as FLAC and WAV
  speech/yes.ogg                   the same as Ogg Vorbis (lossy, quality 0)
  speech/yes_44k_stereo24.wav      0.25 s of the utterance at 44.1 kHz, 24-bit, stereo (right = left * 0.5)
  speech/yes_44k_stereo24_input.npy  what Wav2Vec2FeatureExtractor-style preprocessing gives for it: mean of the
                                   channels (decoded by torchaudio.load), torchaudio resample to 16 kHz (float64), (x - mean) / sqrt(var + 1e-7)
"""
import os
import struct
import subprocess
import tempfile

import numpy as np
import torch
import torchaudio
import torchaudio.functional as AF

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "audio")
RNG = np.random.default_rng(1234)


def npy(path, array):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.save(path, np.ascontiguousarray(array, dtype="<f4"))


def chunk(tag, payload):
    data = tag + struct.pack("<I", len(payload)) + payload
    if len(payload) % 2:
        data += b"\x00"  # RIFF pads odd-sized chunks
    return data


def fmt_chunk(tag, channels, rate, bits, extensible):
    block = channels * bits // 8
    base = struct.pack("<HHIIHH", 0xFFFE if extensible else tag, channels, rate, rate * block, block, bits)
    if not extensible:
        return chunk(b"fmt ", base + (b"\x00\x00" if tag == 3 else b""))
    guid = struct.pack("<H", tag) + b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71"
    mask = (1 << channels) - 1
    return chunk(b"fmt ", base + struct.pack("<HHI", 22, bits, mask) + guid)


def encode(frames, tag, bits):
    """frames: float64 [n, ch] in [-1, 1). Returns (bytes, expected float32 decoded values)."""
    if tag == 3:
        dtype = "<f4" if bits == 32 else "<f8"
        stored = frames.astype(dtype)
        return stored.tobytes(), stored.astype(np.float32)
    if bits == 8:
        q = np.clip(np.round(frames * 128) + 128, 0, 255).astype(np.uint8)
        return q.tobytes(), ((q.astype(np.float64) - 128) / 128).astype(np.float32)
    full = 2 ** (bits - 1)
    q = np.clip(np.round(frames * full), -full, full - 1).astype(np.int64)
    expected = (q / full).astype(np.float32)
    if bits == 24:
        u = (q & 0xFFFFFF).astype("<u4")
        raw = np.stack([(u >> s) & 0xFF for s in (0, 8, 16)], axis=-1).astype(np.uint8)
        return raw.tobytes(), expected
    return q.astype("<i2" if bits == 16 else "<i4").tobytes(), expected


def write_wav(name, frames, rate, tag, bits, extensible=False, extra_chunks=(), data_size=None, odd_junk=False):
    payload, expected = encode(frames, tag, bits)
    body = b"WAVE" + fmt_chunk(tag, frames.shape[1], rate, bits, extensible)
    for c in extra_chunks:
        body += c
    if odd_junk:
        body += chunk(b"junk", b"abc")  # odd size: one pad byte follows
    if data_size is None:
        body += chunk(b"data", payload)
    else:
        body += b"data" + struct.pack("<I", data_size) + payload
    riff = b"RIFF" + struct.pack("<I", len(body) if data_size is None else 0xFFFFFFFF) + body
    path = os.path.join(OUT, "wav", name + ".wav")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(riff)
    npy(os.path.join(OUT, "wav", name + ".npy"), expected)


def wav_fixtures():
    n = 301  # odd, so 8-bit mono data has an odd size and a pad byte
    t = np.arange(n) / 8000.0
    def frames(ch):
        cols = [0.8 * np.sin(2 * np.pi * (220 + 110 * c) * t) * (1 - 0.5 * c / max(ch, 1)) for c in range(ch)]
        x = np.stack(cols, axis=1)
        x[0, :] = -1.0  # full-scale negative
        x[1, :] = 0.0
        return x
    list_chunk = chunk(b"LIST", b"INFOISFT" + struct.pack("<I", 6) + b"sure4j")
    for bits in (8, 16, 24, 32):
        write_wav(f"pcm{bits}_mono", frames(1), 8000, 1, bits, odd_junk=True)
        write_wav(f"pcm{bits}_stereo", frames(2), 22050, 1, bits, extra_chunks=(list_chunk,))
    write_wav("float32_mono", frames(1), 16000, 3, 32, extra_chunks=(chunk(b"fact", struct.pack("<I", n)),))
    write_wav("float64_stereo", frames(2), 44100, 3, 64)
    write_wav("ext_pcm24_6ch", frames(6), 48000, 1, 24, extensible=True)
    write_wav("ext_float32_stereo", frames(2), 11025, 3, 32, extensible=True)
    write_wav("stream_size_ffffffff", frames(2), 16000, 1, 16, data_size=0xFFFFFFFF)
    write_wav("stream_size_zero", frames(1), 16000, 1, 16, data_size=0)


def resample_fixtures():
    for rate in (8000, 22050, 44100, 48000):
        n = rate // 10
        t = np.arange(n) / rate
        # linear chirp 50 Hz -> rate/2 over 0.1 s, so it crosses the new Nyquist when downsampling
        f1 = rate / 2
        chirp = 0.5 * np.sin(2 * np.pi * (50 * t + (f1 - 50) * t * t / (2 * 0.1)))
        noise = np.clip(RNG.normal(0, 0.3, n), -1, 1)
        for sig, x in (("chirp", chirp), ("noise", noise)):
            x32 = torch.tensor(x, dtype=torch.float32)
            y = AF.resample(x32, rate, 16000, lowpass_filter_width=6, rolloff=0.99,
                            resampling_method="sinc_interpolation")
            npy(os.path.join(OUT, "resample", f"{sig}_{rate}.npy"), x32.numpy())
            npy(os.path.join(OUT, "resample", f"{sig}_{rate}_16k.npy"), y.numpy())
            # torchaudio builds the kernel in the input's dtype; in float64 it is free of float32 kernel rounding
            y64 = AF.resample(x32.double(), rate, 16000, lowpass_filter_width=6, rolloff=0.99,
                              resampling_method="sinc_interpolation")
            npy(os.path.join(OUT, "resample", f"{sig}_{rate}_16k_f64.npy"), y64.numpy())


def speech_fixture():
    d = os.path.join(OUT, "speech")
    os.makedirs(d, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "yes.wav")
        subprocess.run(["espeak-ng", "-w", raw, "yes"], check=True)
        wav = os.path.join(d, "yes.wav")
        subprocess.run(["sox", "-R", raw, "-r", "16000", "-c", "1", "-b", "16", wav], check=True)
        # lossless re-encoding of the 16 kHz file, so FLAC and WAV hold identical samples
        subprocess.run(["sox", "-R", wav, os.path.join(d, "yes.flac")], check=True)
        # lossy Ogg Vorbis, for the decoders that read it
        subprocess.run(["sox", "-R", wav, "-C", "0", os.path.join(d, "yes.ogg")], check=True)
        stereo = os.path.join(d, "yes_44k_stereo24.wav")
        subprocess.run(["sox", "-R", wav, "-r", "44100", "-b", "24", "-c", "2", stereo, "remix", "1", "1v0.5",
                        "trim", "0.15", "0.25"],
                       check=True)
    npy(os.path.join(d, "yes_44k_stereo24_input.npy"), reference_input(stereo))


def reference_input(path):
    """Decodes a WAV with torchaudio.load and prepares it like Wav2Vec2FeatureExtractor."""
    frames, rate = torchaudio.load(path)  # [channels, frames], PCM scaled by 2^-(N-1)
    assert rate == 44100
    frames = frames.double().numpy().T
    mono = frames.mean(axis=1)
    x = AF.resample(torch.tensor(mono, dtype=torch.float64), 44100, 16000).numpy()
    return (x - x.mean()) / np.sqrt(x.var() + 1e-7)


if __name__ == "__main__":
    wav_fixtures()
    resample_fixtures()
    speech_fixture()
