"""Measures how far float32 results of the PEFT conv LoRA/DoRA fixtures lie from float64.

Rebuilds the adapted hubert_group_postln models of make_peft_conv_lora_fixtures.py (same seeds) and prints the
max abs difference of the last hidden state in float32 against the same model in float64, once with PyTorch's
own convolution and once with the convolution computed as sure4j's Convolutions.conv1d does (kernel windows
stacked, then one matrix product per group). Both are correct float32 computations; their distance to float64
is the rounding noise a parity tolerance between them has to allow for (PeftConvLoraParityTest,
PeftConvDoraParityTest). The rebuilt base model is not required to equal the committed fixture bit for bit,
since the kernels of this CPU may round differently from the machine that wrote it.

Run from the repository root: /usr/bin/python3 adapters-speech/src/test/python/float32_noise.py
"""

import copy
import os
import sys

import numpy as np
import torch
from torch.nn import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_encoder_fixtures as enc  # noqa: E402
import make_peft_conv_lora_fixtures as conv  # noqa: E402
import make_peft_fixtures as peft  # noqa: E402

TORCH_CONV1D = F.conv1d


def windows_conv1d(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    """conv1d as kernel windows times weights, in float32 only (float64 keeps PyTorch's)."""
    if x.dtype != torch.float32:
        return TORCH_CONV1D(x, w, b, stride, padding, dilation, groups)
    stride, padding, dilation = (v[0] if isinstance(v, tuple) else v for v in (stride, padding, dilation))
    batch, _, time = x.shape
    out, per_group, kernel = w.shape
    time += 2 * padding
    out_time = (time - dilation * (kernel - 1) - 1) // stride + 1
    rows = F.pad(x, (padding, padding)).reshape(batch, groups, per_group, time).permute(1, 0, 3, 2)
    taps = [rows[:, :, j * dilation: j * dilation + (out_time - 1) * stride + 1: stride] for j in range(kernel)]
    windows = torch.stack(taps, 3).reshape(groups, batch * out_time, kernel * per_group)
    weights = w.reshape(groups, out // groups, per_group, kernel).permute(0, 3, 2, 1)
    weights = weights.reshape(groups, kernel * per_group, out // groups)
    y = windows.matmul(weights).reshape(groups, batch, out_time, out // groups)
    y = y.permute(1, 0, 3, 2).reshape(batch, out, out_time)
    return y if b is None else y + b.reshape(1, out, 1)


def adapted(layer, seed):
    model = enc.build(peft.MODE, peft.PRE_LN, peft.SEED)
    torch.manual_seed(seed)
    lora = {}
    for i, conv_layer in enumerate(model.feature_extractor.conv_layers):
        conv.wrap(conv_layer, f"feature_extractor.conv_layers.{i}.conv.", lora, layer)
    conv.wrap(model.encoder.transformer.pos_conv_embed, "encoder.pos_conv_embed.conv.", lora, layer)
    return model.eval()


@torch.no_grad()
def main():
    torch.set_num_threads(1)
    speech = peft.adp.read_safetensors(os.path.join(enc.OUT, "speech.safetensors"))
    wave = torch.from_numpy(speech["batch.input"][0:1].astype(np.float32) / 32768.0)
    for name, layer, seed in (("peft_conv_lora", conv.PeftLoraConv1d, 5151),
                              ("peft_conv_dora", conv.PeftDoraConv1d, 5252)):
        for label, conv1d in (("PyTorch's convolution", TORCH_CONV1D), ("kernel windows x weights", windows_conv1d)):
            F.conv1d = conv1d
            model = adapted(layer, seed)
            single, _ = model(wave)
            exact, _ = copy.deepcopy(model).double()(wave.double())
            print(f"{name}, {label}: float32 vs float64 max abs difference "
                  f"{float((single.double() - exact).abs().max()):.3g} (max |ref| {float(exact.abs().max()):.3g})")
        F.conv1d = TORCH_CONV1D


if __name__ == "__main__":
    main()
