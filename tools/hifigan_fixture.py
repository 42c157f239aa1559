#!/usr/bin/env python3
"""Writes the HiFi-GAN generator parity fixtures for dev.sure4j.speech.vocoder.

For each of two tiny geometries (resblock "1"; resblock "2" with 20 mels and an upsampling kernel that is not a
multiple of its stride) this builds a generator with the layout of
jik876/hifi-gan models.Generator (weight-normed Conv1d/ConvTranspose1d with dim=0, leaky ReLU 0.1, mean of the
parallel residual blocks, leaky ReLU 0.01 before conv_post, tanh), gives it seeded random weights, runs it on a
seeded random log-mel batch and writes, under
adapters-speech/src/test/resources/dev/sure4j/speech/vocoder/<name>/:

    config.json                       the official config keys
    generator.safetensors             the state dict in weight-norm form (weight_g, weight_v, bias)
    folded/config.json                the same config
    folded/generator.safetensors      the state dict after remove_weight_norm (weight, bias)
    io.safetensors                    mel [2, num_mels, 11] float32 and wave [2, 11 * hop] float32

Usage (from the repository root): /usr/bin/python3 tools/hifigan_fixture.py
        /usr/bin/python3 tools/hifigan_fixture.py --speed [THREADS]   (times the tiny and the v1 geometry instead:
        random weights, batch 1, one second of 22,050 Hz audio, THREADS threads (default 1), median of 20 runs
        after 10 warm-up runs, as HifiGanSpeedTest does on the Java side)
Requires PyTorch (tested with 1.13) and NumPy.
"""

import copy
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F
from torch.nn.utils import remove_weight_norm, weight_norm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_fixture import write_safetensors  # noqa: E402

OUT = "adapters-speech/src/test/resources/dev/sure4j/speech/vocoder"
SLOPE = 0.1

CONFIGS = {
    "resblock1": {
        "resblock": "1",
        "upsample_rates": [4, 4],
        "upsample_kernel_sizes": [8, 8],
        "upsample_initial_channel": 32,
        "resblock_kernel_sizes": [3, 5],
        "resblock_dilation_sizes": [[1, 3, 5], [1, 3, 5]],
        "num_mels": 80,
        "sampling_rate": 22050,
    },
    "resblock2": {
        "resblock": "2",
        "upsample_rates": [2, 4],
        "upsample_kernel_sizes": [4, 6],
        "upsample_initial_channel": 32,
        "resblock_kernel_sizes": [3, 5],
        "resblock_dilation_sizes": [[1, 2], [2, 6]],
        "num_mels": 20,
    },
}


def conv(cin, cout, k, d=1):
    """A weight-normed, length-keeping Conv1d."""
    return weight_norm(nn.Conv1d(cin, cout, k, 1, dilation=d, padding=d * (k - 1) // 2))


class Res1(nn.Module):
    def __init__(self, ch, k, dilations):
        super().__init__()
        self.convs1 = nn.ModuleList(conv(ch, ch, k, d) for d in dilations)
        self.convs2 = nn.ModuleList(conv(ch, ch, k) for _ in dilations)

    def forward(self, x):
        for a, b in zip(self.convs1, self.convs2):
            x = x + b(F.leaky_relu(a(F.leaky_relu(x, SLOPE)), SLOPE))
        return x


class Res2(nn.Module):
    def __init__(self, ch, k, dilations):
        super().__init__()
        self.convs = nn.ModuleList(conv(ch, ch, k, d) for d in dilations)

    def forward(self, x):
        for c in self.convs:
            x = x + c(F.leaky_relu(x, SLOPE))
        return x


class Gen(nn.Module):
    def __init__(self, h):
        super().__init__()
        c0 = h["upsample_initial_channel"]
        self.kernels = len(h["resblock_kernel_sizes"])
        self.conv_pre = conv(h.get("num_mels", 80), c0, 7)
        self.ups = nn.ModuleList()
        self.resblocks = nn.ModuleList()
        block = Res1 if h["resblock"] == "1" else Res2
        for i, (u, k) in enumerate(zip(h["upsample_rates"], h["upsample_kernel_sizes"])):
            ch = c0 >> (i + 1)
            self.ups.append(weight_norm(nn.ConvTranspose1d(2 * ch, ch, k, u, padding=(k - u) // 2)))
            for rk, d in zip(h["resblock_kernel_sizes"], h["resblock_dilation_sizes"]):
                self.resblocks.append(block(ch, rk, d))
        self.conv_post = conv(ch, 1, 7)

    def forward(self, x):
        x = self.conv_pre(x)
        for i, up in enumerate(self.ups):
            x = up(F.leaky_relu(x, SLOPE))
            blocks = self.resblocks[i * self.kernels:(i + 1) * self.kernels]
            x = sum(b(x) for b in blocks) / self.kernels
        return torch.tanh(self.conv_post(F.leaky_relu(x)))


def randomise(gen, seed):
    """Random directions and scales, so that folding the weight norm is not the identity."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in gen.named_parameters():
            if name.endswith("weight_g"):
                p.mul_(0.5 + torch.rand(p.shape, generator=g))
            elif name.endswith("weight_v"):
                p.copy_(torch.randn(p.shape, generator=g))
            else:
                p.copy_(0.1 * torch.randn(p.shape, generator=g))


def state(module):
    return {k: v.detach().numpy().astype(np.float32) for k, v in module.state_dict().items()}


def write_dir(path, config, tensors):
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "config.json"), "w") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    write_safetensors(os.path.join(path, "generator.safetensors"), tensors)


V1 = {
    "resblock": "1",
    "upsample_rates": [8, 8, 2, 2],
    "upsample_kernel_sizes": [16, 16, 4, 4],
    "upsample_initial_channel": 512,
    "resblock_kernel_sizes": [3, 7, 11],
    "resblock_dilation_sizes": [[1, 3, 5], [1, 3, 5], [1, 3, 5]],
}
TINY = dict(CONFIGS["resblock1"])


def speed(threads):
    torch.set_num_threads(threads)
    for name, config in (("tiny", TINY), ("v1", V1)):
        gen = Gen(config).eval()
        for m in gen.modules():
            if hasattr(m, "weight_g"):
                remove_weight_norm(m)
        hop = int(np.prod(config["upsample_rates"]))
        frames = -(-22050 // hop)
        mel = torch.randn(1, 80, frames) - 5
        times = []
        with torch.no_grad():
            for i in range(30):
                t0 = time.perf_counter()
                gen(mel)
                if i >= 10:
                    times.append((time.perf_counter() - t0) * 1000)
        seconds = frames * hop / 22050
        ms = sorted(times)[len(times) // 2]
        print(f"PyTorch {torch.__version__} {name}, {threads} threads: {frames} frames, median {ms:.1f} ms"
              f" ({ms / seconds:.1f} ms per second of audio), min {min(times):.1f} ms")


def main():
    if "--speed" in sys.argv[1:2]:
        speed(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
        return
    for seed, (name, config) in enumerate(CONFIGS.items(), start=1):
        torch.manual_seed(seed)
        gen = Gen(config).eval()
        randomise(gen, 100 + seed)
        g = torch.Generator().manual_seed(200 + seed)
        mel = (torch.randn(2, config.get("num_mels", 80), 11, generator=g) * 2 - 5).float()
        with torch.no_grad():
            wave = gen(mel).squeeze(1)
        folded = copy.deepcopy(gen)
        for m in folded.modules():
            if hasattr(m, "weight_g"):
                remove_weight_norm(m)
        with torch.no_grad():
            check = folded(mel).squeeze(1)
        out = os.path.join(OUT, name)
        write_dir(out, config, state(gen))
        write_dir(os.path.join(out, "folded"), config, state(folded))
        write_safetensors(os.path.join(out, "io.safetensors"), {"mel": mel.numpy(), "wave": wave.numpy()})
        print(f"{name}: wave {tuple(wave.shape)} std {wave.std():.4f} max|w| {wave.abs().max():.4f}"
              f" folded-vs-normed {(wave - check).abs().max():.2e}")


if __name__ == "__main__":
    main()
