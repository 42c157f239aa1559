#!/usr/bin/env python3
"""Writes the HiFi-GAN training parity fixture for dev.sure4j.speech.vocoder.train.

Builds the discriminators of jik876/hifi-gan (models.py: MultiPeriodDiscriminator with periods 2, 3, 5, 7, 11,
each a weight-normed stack of Conv2d (5, 1) layers; MultiScaleDiscriminator with three scales, spectral norm on the
first, weight norm on the others, AvgPool1d(4, 2, padding=2) between scales) with every channel count divided by
32 (a group count that no longer divides a layer's channels is halved until it does, as
DiscriminatorGeometry.groups does), seeded random weights, a seeded "recording" y and "generator output" y_hat
[2, 1, 512], and runs one discriminator pass and one generator pass as train.py does, without optimizer steps:

    discriminator pass: mpd(y, y_hat.detach()), msd(...); loss_disc = discriminator_loss (both); backward
    generator pass:     mpd(y, y_hat), msd(y, y_hat); feature_loss x2, generator_loss, 45 * L1 of log-mels; backward

The log-mel of the loss is sure4j's mel front end (TrainableMel): torchaudio MelSpectrogram, center=True, reflect
padding, magnitude, slaney scale and norm, log(clamp(x, 1e-5)); here 22,050 Hz, n_fft 128, hop 32, 16 mels, 0 to
11,025 Hz. (The reference pads by (n_fft - hop) / 2 without centring; sure4j vocoders use the project's frames.)

Writes under adapters-speech/src/test/resources/dev/sure4j/speech/vocoder/train/:
    state.safetensors   mpd.* and msd.* before the passes (weight_g, weight_v, weight_orig, weight_u, bias)
    io.safetensors      y, y_hat; per pass the scores and feature maps (d_real.K.N, d_gen.K.N, K = mpd.i or msd.i,
                        N = score or fmap index), the losses, the gradients of loss_disc with respect to every
                        discriminator parameter (grad.<name>), of the generator loss with respect to y_hat
                        (grad_y_hat), and weight_u of msd.discriminators.0 after both passes

Usage (from the repository root): /usr/bin/python3 tools/hifigan_train_fixture.py
Requires PyTorch (tested with 1.13), torchaudio and NumPy.
"""

import os
import sys

import numpy as np
import torch
import torchaudio
from torch import nn
from torch.nn import functional as F
from torch.nn.utils import spectral_norm, weight_norm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_fixture import write_safetensors  # noqa: E402

OUT = "adapters-speech/src/test/resources/dev/sure4j/speech/vocoder/train"
DIVISOR = 32
PERIODS = [2, 3, 5, 7, 11]
SLOPE = 0.1


def width(c):
    return max(1, c // DIVISOR)


def groups(g, cin, cout):
    while cin % g or cout % g:
        g //= 2
    return g


class Stack(nn.Module):
    """convs (each followed by leaky ReLU 0.1) and conv_post; returns the flattened score and the feature maps."""

    def forward(self, x):
        fmap = []
        for layer in self.convs:
            x = F.leaky_relu(layer(x), SLOPE)
            fmap.append(x)
        x = self.conv_post(x)
        fmap.append(x)
        return torch.flatten(x, 1, -1), fmap


class PeriodD(Stack):
    def __init__(self, period):
        super().__init__()
        self.period = period
        chans = [1] + [width(c) for c in (32, 128, 512, 1024, 1024)]
        self.convs = nn.ModuleList(
            weight_norm(nn.Conv2d(chans[i], chans[i + 1], (5, 1), (3 if i < 4 else 1, 1), padding=(2, 0)))
            for i in range(5))
        self.conv_post = weight_norm(nn.Conv2d(chans[-1], 1, (3, 1), 1, padding=(1, 0)))

    def forward(self, x):
        b, c, t = x.shape
        if t % self.period:
            pad = self.period - t % self.period
            x = F.pad(x, (0, pad), "reflect")
            t += pad
        return super().forward(x.view(b, c, t // self.period, self.period))


class ScaleD(Stack):
    def __init__(self, spectral):
        super().__init__()
        norm = spectral_norm if spectral else weight_norm
        chans = [1] + [width(c) for c in (128, 128, 256, 512, 1024, 1024, 1024)]
        kernels = [15, 41, 41, 41, 41, 41, 5]
        strides = [1, 2, 2, 4, 4, 1, 1]
        grps = [1, 4, 16, 16, 16, 16, 1]
        self.convs = nn.ModuleList(
            norm(nn.Conv1d(chans[i], chans[i + 1], kernels[i], strides[i],
                           groups=groups(grps[i], chans[i], chans[i + 1]), padding=(kernels[i] - 1) // 2))
            for i in range(7))
        self.conv_post = norm(nn.Conv1d(chans[-1], 1, 3, 1, padding=1))



class MPD(nn.Module):
    def __init__(self):
        super().__init__()
        self.discriminators = nn.ModuleList(PeriodD(p) for p in PERIODS)

    def forward(self, y, y_hat):
        out = ([], [], [], [])
        for d in self.discriminators:
            r, fr = d(y)
            g, fg = d(y_hat)
            for lst, v in zip(out, (r, g, fr, fg)):
                lst.append(v)
        return out


class MSD(nn.Module):
    def __init__(self):
        super().__init__()
        self.discriminators = nn.ModuleList([ScaleD(True), ScaleD(False), ScaleD(False)])
        self.meanpools = nn.ModuleList([nn.AvgPool1d(4, 2, padding=2), nn.AvgPool1d(4, 2, padding=2)])

    def forward(self, y, y_hat):
        out = ([], [], [], [])
        for i, d in enumerate(self.discriminators):
            if i:
                y = self.meanpools[i - 1](y)
                y_hat = self.meanpools[i - 1](y_hat)
            r, fr = d(y)
            g, fg = d(y_hat)
            for lst, v in zip(out, (r, g, fr, fg)):
                lst.append(v)
        return out


def feature_loss(fr, fg):
    return 2 * sum(torch.mean(torch.abs(r - g)) for dr, dg in zip(fr, fg) for r, g in zip(dr, dg))


def discriminator_loss(real, gen):
    return sum(torch.mean((1 - r) ** 2) + torch.mean(g ** 2) for r, g in zip(real, gen))


def generator_loss(gen):
    return sum(torch.mean((1 - g) ** 2) for g in gen)


MEL = torchaudio.transforms.MelSpectrogram(
    sample_rate=22050, n_fft=128, win_length=128, hop_length=32, f_min=0.0, f_max=11025.0, n_mels=16,
    power=1.0, norm="slaney", mel_scale="slaney", center=True, pad_mode="reflect")


def log_mel(wave):
    return torch.log(torch.clamp(MEL(wave), min=1e-5))


def main():
    torch.manual_seed(29)
    mpd, msd = MPD(), MSD()
    with torch.no_grad():  # scales away from 1 so that g and v both matter
        for name, p in list(mpd.named_parameters()) + list(msd.named_parameters()):
            if name.endswith("weight_g"):
                p.mul_(torch.empty_like(p).uniform_(0.5, 1.5))
    state = {}
    for prefix, module in (("mpd", mpd), ("msd", msd)):
        for k, v in module.state_dict().items():
            if not k.endswith("weight_v") or not k.startswith("discriminators.0.") or prefix != "msd":
                state[f"{prefix}.{k}"] = v.detach().numpy().copy()
    t = torch.arange(512, dtype=torch.float32) / 22050
    y = torch.stack([0.5 * torch.sin(2 * np.pi * 220 * t), 0.3 * torch.sin(2 * np.pi * 330 * t)])
    y = (y + 0.05 * torch.randn(2, 512)).unsqueeze(1)
    y_hat = (0.4 * torch.tanh(torch.randn(2, 1, 512))).requires_grad_(True)
    io = {"y": y, "y_hat": y_hat.detach()}
    named = [(f"mpd.{k}", p) for k, p in mpd.named_parameters()] + [(f"msd.{k}", p) for k, p in msd.named_parameters()]

    # discriminator pass
    f_r, f_g, _, _ = mpd(y, y_hat.detach())
    s_r, s_g, s_fr, s_fg = msd(y, y_hat.detach())
    loss_disc_f = discriminator_loss(f_r, f_g)
    loss_disc_s = discriminator_loss(s_r, s_g)
    (loss_disc_f + loss_disc_s).backward()
    io["loss_disc_f"] = loss_disc_f.detach()
    io["loss_disc_s"] = loss_disc_s.detach()
    for i, (r, g) in enumerate(zip(f_r, f_g)):
        io[f"d_real.mpd.{i}.score"] = r.detach()
        io[f"d_gen.mpd.{i}.score"] = g.detach()
    for i, (r, g, fr, fg) in enumerate(zip(s_r, s_g, s_fr, s_fg)):
        io[f"d_real.msd.{i}.score"] = r.detach()
        io[f"d_gen.msd.{i}.score"] = g.detach()
        for n, (a, b) in enumerate(zip(fr, fg)):
            io[f"d_real.msd.{i}.{n}"] = a.detach()
            io[f"d_gen.msd.{i}.{n}"] = b.detach()
    for name, p in named:
        io[f"grad.{name}"] = p.grad.detach().clone()
        p.grad = None

    # generator pass
    f_r, f_g, f_fr, f_fg = mpd(y, y_hat)
    s_r, s_g, s_fr, s_fg = msd(y, y_hat)
    for i, (fr, fg) in enumerate(zip(f_fr, f_fg)):
        for n, (a, b) in enumerate(zip(fr, fg)):
            io[f"d_real.mpd.{i}.{n}"] = a.detach()
            io[f"d_gen.mpd.{i}.{n}"] = b.detach()
    loss_mel = 45 * F.l1_loss(log_mel(y.squeeze(1)), log_mel(y_hat.squeeze(1)))
    loss_fm_f = feature_loss(f_fr, f_fg)
    loss_fm_s = feature_loss(s_fr, s_fg)
    loss_gen_f = generator_loss(f_g)
    loss_gen_s = generator_loss(s_g)
    total = loss_gen_s + loss_gen_f + loss_fm_s + loss_fm_f + loss_mel
    total.backward()
    for k, v in (("loss_mel", loss_mel), ("loss_fm_f", loss_fm_f), ("loss_fm_s", loss_fm_s),
                 ("loss_gen_f", loss_gen_f), ("loss_gen_s", loss_gen_s), ("loss_gen_all", total)):
        io[k] = v.detach()
    io["grad_y_hat"] = y_hat.grad.detach()
    io["u_after"] = msd.discriminators[0].convs[0].weight_u.detach().clone()
    os.makedirs(OUT, exist_ok=True)
    write_safetensors(os.path.join(OUT, "state.safetensors"), state)
    write_safetensors(os.path.join(OUT, "io.safetensors"),
                      {k: np.asarray(v.numpy() if torch.is_tensor(v) else v, dtype=np.float32).reshape(
                          v.shape if torch.is_tensor(v) else ()) for k, v in io.items()})
    print(f"wrote {len(state)} state tensors and {len(io)} io tensors to {OUT}; "
          f"loss_disc {float(loss_disc_f + loss_disc_s):.6f}, loss_gen_all {float(total):.6f}")


if __name__ == "__main__":
    main()
