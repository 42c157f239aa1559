#!/usr/bin/env python3
"""Generate the fairseq MCD parity fixture of adapters-speech (FairseqMcdParityTest).

fairseq's text-to-speech MCD (``batch_mel_cepstral_distortion`` in fairseq/tasks/text_to_speech.py,
used by examples/speech_synthesis/evaluation/eval_sp.py and the TTS task's validation) is rebuilt
here line for line, without importing fairseq:

  features  torchaudio.transforms.MFCC(sr, n_mfcc=13, log_mels=True, melkwargs=dict(
            n_fft=int(0.05 sr), win_length=int(0.05 sr), hop_length=int(0.0125 sr), f_min=20,
            n_mels=80, window_fn=torch.hann_window)): power-2 STFT, htk mels without norm up to
            sr / 2, log(mel + 1e-6), create_dct(13, 80, "ortho") -- so c_0 .. c_12
  distance  compute_rms_dist: torch.cdist(x1, x2) ** 2 / 13, square root ([M, N] frames)
  alignment batch_dynamic_time_warping: cumulative distance with steps left (0, -1), diagonal
            (-1, -1) and up (-1, 0), ties to the first of these; the path traced back from (M-1, N-1)
  value     normalize_type="path": cumulative distance at (M-1, N-1) / path length; eval_sp.py's
            insertions sum(pathmap.sum(dim=1) - 1) = path - M and deletions path - N

Written to --out (default adapters-speech/src/test/resources/audio/mcd):

  reference.wav     espeak-ng speech, 22050 Hz mono 16-bit
  synthesized.wav   the same text in another voice and speed, with a little noise, 22050 Hz
  reference_mfcc.npy, synthesized_mfcc.npy   float32 [13, frames] MFCCs of the two WAVs
  fairseq_mcd.json  sample rate, frames, the MCD (path-normalised and the raw cumulative distance),
                    path length, insertions and deletions; also the MCD with the distance matrix in
                    float64 from the same MFCCs, to show how much cdist's float32 matters

Usage (from the repository root):

    /usr/bin/python3 tools/make_mcd_fixture.py [--out adapters-speech/src/test/resources/audio/mcd]

Tested with PyTorch 1.13, torchaudio 0.13.1, numpy 1.24, espeak-ng 1.51 and sox 14.4.2.
"""

import argparse
import json
import os
import subprocess
import tempfile
import wave

import numpy as np
import torch
import torch.nn.functional as F
import torchaudio

from make_mel_fixtures import save

SAMPLE_RATE = 22050


def speak(path, text, voice, speed, noise_seed=None):
    """Render text with espeak-ng, convert to 16-bit mono at 22050 Hz, optionally add noise."""
    with tempfile.NamedTemporaryFile(suffix=".wav", delete=False) as tmp:
        raw = tmp.name
    try:
        subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", raw, text], check=True)
        subprocess.run(["sox", "-R", "-D", raw, "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16",
                        "-e", "signed-integer", path, "gain", "-3", "rate", str(SAMPLE_RATE)],
                       check=True)
    finally:
        os.unlink(raw)
    with wave.open(path, "rb") as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.int32)
    if noise_seed is not None:
        noise = np.random.RandomState(noise_seed).normal(0, 30, pcm.shape).round().astype(np.int32)
        pcm = np.clip(pcm + noise, -32768, 32767)
        with wave.open(path, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(SAMPLE_RATE)
            w.writeframes(pcm.astype("<i2").tobytes())
    return torch.from_numpy(pcm.astype(np.float32) / 32768.0)


# --- fairseq/tasks/text_to_speech.py (MIT licence), unchanged but for comments ---------------

def antidiag_indices(offset, min_i=0, max_i=None, min_j=0, max_j=None):
    if max_i is None:
        max_i = offset + 1
    if max_j is None:
        max_j = offset + 1
    min_j = max(min_j, offset - max_i + 1, 0)
    max_j = min(max_j, offset - min_i + 1, offset + 1)
    j = torch.arange(min_j, max_j)
    i = offset - j
    return torch.stack([i, j])


def batch_dynamic_time_warping(distance, shapes=None):
    # ptr: 0=left, 1=up-left, 2=up
    ptr2dij = {0: (0, -1), 1: (-1, -1), 2: (-1, 0)}
    bsz, m, n = distance.size()
    cumdist = torch.zeros_like(distance)
    backptr = torch.zeros_like(distance).type(torch.int32) - 1
    cumdist[:, 0, :] = distance[:, 0, :].cumsum(dim=-1)
    cumdist[:, :, 0] = distance[:, :, 0].cumsum(dim=-1)
    backptr[:, 0, :] = 0
    backptr[:, :, 0] = 2
    for offset in range(2, m + n - 1):
        ind = antidiag_indices(offset, 1, m, 1, n)
        c = torch.stack(
            [
                cumdist[:, ind[0], ind[1] - 1],
                cumdist[:, ind[0] - 1, ind[1] - 1],
                cumdist[:, ind[0] - 1, ind[1]],
            ],
            dim=2,
        )
        v, b = c.min(axis=-1)
        backptr[:, ind[0], ind[1]] = b.int()
        cumdist[:, ind[0], ind[1]] = v + distance[:, ind[0], ind[1]]
    pathmap = torch.zeros_like(backptr)
    for b in range(bsz):
        i = m - 1 if shapes is None else (shapes[b][0] - 1).item()
        j = n - 1 if shapes is None else (shapes[b][1] - 1).item()
        dtwpath = [(i, j)]
        while (i != 0 or j != 0) and len(dtwpath) < 10000:
            assert i >= 0 and j >= 0
            di, dj = ptr2dij[backptr[b, i, j].item()]
            i, j = i + di, j + dj
            dtwpath.append((i, j))
        dtwpath = dtwpath[::-1]
        indices = torch.from_numpy(np.array(dtwpath))
        pathmap[b, indices[:, 0], indices[:, 1]] = 1
    return cumdist, backptr, pathmap


def compute_l2_dist(x1, x2):
    return torch.cdist(x1.unsqueeze(0), x2.unsqueeze(0), p=2).squeeze(0).pow(2)


def compute_rms_dist(x1, x2):
    l2_dist = compute_l2_dist(x1, x2)
    return (l2_dist / x1.size(1)).pow(0.5)


def get_divisor(pathmap, normalize_type):
    if normalize_type is None:
        return 1
    elif normalize_type == "len1":
        return pathmap.size(0)
    elif normalize_type == "len2":
        return pathmap.size(1)
    elif normalize_type == "path":
        return pathmap.sum().item()
    else:
        raise ValueError(f"normalize_type {normalize_type} not supported")


def batch_compute_distortion(y1, y2, sr, feat_fn, dist_fn, normalize_type):
    d, s, x1, x2 = [], [], [], []
    for cur_y1, cur_y2 in zip(y1, y2):
        assert cur_y1.ndim == 1 and cur_y2.ndim == 1
        cur_x1 = feat_fn(cur_y1)
        cur_x2 = feat_fn(cur_y2)
        x1.append(cur_x1)
        x2.append(cur_x2)
        cur_d = dist_fn(cur_x1, cur_x2)
        d.append(cur_d)
        s.append(d[-1].size())
    max_m = max(ss[0] for ss in s)
    max_n = max(ss[1] for ss in s)
    d = torch.stack(
        [F.pad(dd, (0, max_n - dd.size(1), 0, max_m - dd.size(0))) for dd in d]
    )
    s = torch.LongTensor(s).to(d.device)
    cumdists, backptrs, pathmaps = batch_dynamic_time_warping(d, s)
    rets = []
    itr = zip(s, x1, x2, d, cumdists, backptrs, pathmaps)
    for (m, n), cur_x1, cur_x2, dist, cumdist, backptr, pathmap in itr:
        cumdist = cumdist[:m, :n]
        backptr = backptr[:m, :n]
        pathmap = pathmap[:m, :n]
        divisor = get_divisor(pathmap, normalize_type)
        distortion = cumdist[-1, -1] / divisor
        ret = distortion, (cur_x1, cur_x2, dist, cumdist, backptr, pathmap)
        rets.append(ret)
    return rets


def mfcc_fn(sr):
    melkwargs = {
        "n_fft": int(0.05 * sr),
        "win_length": int(0.05 * sr),
        "hop_length": int(0.0125 * sr),
        "f_min": 20,
        "n_mels": 80,
        "window_fn": torch.hann_window,
    }
    return torchaudio.transforms.MFCC(sr, n_mfcc=13, log_mels=True, melkwargs=melkwargs)


def batch_mel_cepstral_distortion(y1, y2, sr, normalize_type="path", mfcc=None):
    if mfcc is None:
        mfcc = mfcc_fn(sr)
    return batch_compute_distortion(
        y1, y2, sr, lambda y: mfcc(y).transpose(-1, -2), compute_rms_dist, normalize_type)

# --- end of fairseq ------------------------------------------------------------------------


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default="adapters-speech/src/test/resources/audio/mcd")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    text = "Measure the voice you made."
    ref = speak(os.path.join(args.out, "reference.wav"), text, "en-us", 175)
    syn = speak(os.path.join(args.out, "synthesized.wav"), text, "en-gb+f3", 210, noise_seed=29)

    distortion, extra = batch_mel_cepstral_distortion([ref], [syn], SAMPLE_RATE)[0]
    x1, x2, dist, cumdist, _, pathmap = extra
    raw, _ = batch_mel_cepstral_distortion([ref], [syn], SAMPLE_RATE, normalize_type=None)[0]
    m, n = pathmap.shape
    path = int(pathmap.sum().item())
    insertions = int((pathmap.sum(dim=1) - 1).sum().item())
    deletions = int((pathmap.sum(dim=0) - 1).sum().item())
    assert insertions == path - m and deletions == path - n

    # the same alignment with an exact float64 distance matrix, for the record
    exact = ((x1.double()[:, None, :] - x2.double()[None, :, :]) ** 2).mean(-1).sqrt()
    cum64, _, map64 = batch_dynamic_time_warping(exact[None])
    mcd64 = (cum64[0, -1, -1] / map64.sum()).item()

    save(args.out, "reference_mfcc.npy", x1.T)
    save(args.out, "synthesized_mfcc.npy", x2.T)
    expected = {
        "sample_rate": SAMPLE_RATE,
        "n_fft": int(0.05 * SAMPLE_RATE),
        "hop_length": int(0.0125 * SAMPLE_RATE),
        "reference_samples": int(ref.numel()),
        "synthesized_samples": int(syn.numel()),
        "reference_frames": int(m),
        "synthesized_frames": int(n),
        "mcd": float(distortion.item()),
        "cumulative_distance": float(raw.item()),
        "path_length": path,
        "insertions": insertions,
        "deletions": deletions,
        "mcd_float64_distances": mcd64,
        "path_length_float64_distances": int(map64.sum().item()),
        "torch": torch.__version__,
        "torchaudio": torchaudio.__version__,
    }
    with open(os.path.join(args.out, "fairseq_mcd.json"), "w") as f:
        json.dump(expected, f, indent=2)
        f.write("\n")
    print(json.dumps(expected, indent=2))
    for name in sorted(os.listdir(args.out)):
        print(name, os.path.getsize(os.path.join(args.out, name)), "bytes")


if __name__ == "__main__":
    main()
