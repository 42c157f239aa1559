"""Builds the PEFT-layout fixtures of LoRA on convolutions for adapters-speech.

Takes the small random HuBERT "hubert_group_postln" of make_encoder_fixtures.py (rebuilt from the
same seed and checked against its recorded reference) and applies LoRA the way Hugging Face PEFT's
LoraConfig(r=4, lora_alpha=8, lora_dropout=0.0, target_modules=["conv"]) does on a HubertModel, in
plain PyTorch (no peft package). The suffix "conv" names the seven feature-extractor convolutions
(feature_extractor.conv_layers.N.conv, groups 1) and the positional convolution
(encoder.pos_conv_embed.conv, kernel 16, padding 8, groups 4, with its weight norm). Each targeted
nn.Conv1d becomes PEFT's lora.Conv1d:

    base(x) + lora_B(lora_A(x)) * lora_alpha / r
    lora_A: Conv1d(in, r, base kernel, base stride, base padding, bias=False)   weight [r, in, k]
    lora_B: Conv1d(r, out, 1, 1, groups=base groups, bias=False)               weight [out, r / groups, 1]

with A and B random and nonzero (PEFT initialises B to zero; a trained adapter has it nonzero).
It records the last hidden state of utterance A and writes the adapter in the on-disk layout of
PeftModel.save_pretrained (the helpers of make_peft_fixtures.py):

  hubert_group_postln/peft_conv_lora/
    hubert_model/           adapter_config.json, adapter_model.safetensors with
                            base_model.model.feature_extractor.conv_layers.N.conv.lora_{A,B}.weight
                            base_model.model.encoder.pos_conv_embed.conv.lora_{A,B}.weight
    reference.safetensors   last_hidden_state [1, frames, 32]

With use_dora=True (LoraConfig(r=4, lora_alpha=8, use_dora=True, target_modules=["conv"]), the
same eight convolutions) each becomes PEFT's lora.Conv1d with a DoraConv1dLayer (dora.py):

    L = (lora_B.weight.view(-1, r) @ lora_A.weight.view(r, -1)).reshape(W.shape)   (get_lora_weight)
    n = ||W + scaling L||, norm over dims 1, 2 with keepdim, transposed to [1, out, 1]
    base(x) + (m / n - 1) (base(x) - bias) + (m / n) lora_B(lora_A(x)) scaling

with the magnitude m = lora_magnitude_vector [1, out, 1] set to n by PEFT's init and then moved
to n (1 + 0.3 N(0, 1)), as a trained adapter has it. For the grouped positional convolution the
reshape of L is PEFT's as written (it does not follow the groups). Written as

  hubert_group_postln/peft_conv_dora/
    hubert_model/           adapter_config.json (use_dora: true), adapter_model.safetensors with
                            base_model.model.<conv path>.lora_{A,B}.weight and
                            base_model.model.<conv path>.lora_magnitude_vector [1, out, 1]
    reference.safetensors   last_hidden_state [1, frames, 32]

Run from the repository root after make_encoder_fixtures.py:
  nice /usr/bin/python3 adapters-speech/src/test/python/make_peft_conv_lora_fixtures.py
"""

import math
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_encoder_fixtures as enc  # noqa: E402
import make_peft_fixtures as peft  # noqa: E402

RANK = 4
ALPHA = 8
TARGETS = ["conv"]


class PeftLoraConv1d(nn.Module):
    """PEFT's lora.Conv1d forward for one adapter without dropout."""

    def __init__(self, base):
        super().__init__()
        assert base.dilation == (1,), "PEFT's lora_A ignores the base dilation"
        assert RANK % base.groups == 0, "PEFT needs the rank divisible by groups"
        self.base_layer = base
        k, s, p = base.kernel_size[0], base.stride[0], base.padding[0]
        self.lora_A = nn.Conv1d(base.in_channels, RANK, k, s, p, bias=False)
        self.lora_B = nn.Conv1d(RANK, base.out_channels, 1, 1, groups=base.groups, bias=False)
        self.scaling = ALPHA / RANK
        with torch.no_grad():
            fan_in = base.in_channels * k
            self.lora_A.weight.copy_(torch.randn_like(self.lora_A.weight) / math.sqrt(fan_in))
            self.lora_B.weight.copy_(torch.randn_like(self.lora_B.weight) * 0.3)

    def forward(self, x):
        return self.base_layer(x) + self.lora_B(self.lora_A(x)) * self.scaling


class PeftDoraConv1d(PeftLoraConv1d):
    """PEFT's lora.Conv1d with use_dora=True (DoraConv1dLayer), eval-mode forward, no dropout."""

    def __init__(self, base):
        super().__init__(base)
        with torch.no_grad():
            start = self.weight_norm()  # PEFT's update_layer: the norm with the initial A and B
            self.magnitude = nn.Parameter(start * (1 + 0.3 * torch.randn_like(start)))

    def lora_weight(self):
        w = self.base_layer.weight
        a, b = self.lora_A.weight, self.lora_B.weight
        return torch.mm(b.view(-1, RANK), a.view(RANK, -1)).reshape(w.shape)

    def weight_norm(self):
        weight = self.base_layer.weight + self.scaling * self.lora_weight()
        dims = tuple(range(1, weight.dim()))
        return weight.norm(p=2, dim=dims, keepdim=True).transpose(1, 0)

    def forward(self, x):
        result = self.base_layer(x)
        scale = self.magnitude / self.weight_norm()
        base = result
        if self.base_layer.bias is not None:
            base = result - self.base_layer.bias.view(1, -1, 1)
        lora = self.lora_B(self.lora_A(x))
        return result + (scale - 1) * base + scale * lora * self.scaling


def wrap(owner, stem, lora, layer=PeftLoraConv1d):
    """Replaces owner.conv by PEFT's LoRA layer, recording its tensors under the HF path stem."""
    wrapped = layer(owner.conv)
    owner.conv = wrapped
    lora[stem + "lora_A.weight"] = wrapped.lora_A.weight.numpy().copy()
    lora[stem + "lora_B.weight"] = wrapped.lora_B.weight.numpy().copy()
    if isinstance(wrapped, PeftDoraConv1d):
        lora[stem + "lora_magnitude_vector"] = wrapped.magnitude.detach().numpy().copy()
    print(stem, "A", tuple(wrapped.lora_A.weight.shape), "B", tuple(wrapped.lora_B.weight.shape))


@torch.no_grad()
def main():
    torch.set_num_threads(1)
    _, wave, directory, expected = peft.rebuilt()

    run(directory, "peft_conv_lora", PeftLoraConv1d, 5151, wave, expected, {})
    run(directory, "peft_conv_dora", PeftDoraConv1d, 5252, wave, expected, {"use_dora": True})


def run(directory, name, layer, seed, wave, expected, flags):
    """Adapts a fresh copy of the model with `layer` on every convolution and writes `name`."""
    model = enc.build(peft.MODE, peft.PRE_LN, peft.SEED)
    torch.manual_seed(seed)
    lora = {}
    for i, conv_layer in enumerate(model.feature_extractor.conv_layers):
        wrap(conv_layer, f"feature_extractor.conv_layers.{i}.conv.", lora, layer)
    wrap(model.encoder.transformer.pos_conv_embed, "encoder.pos_conv_embed.conv.", lora, layer)
    model.eval()
    last, _ = model(wave)
    print(name, "max |adapted - base| =", float(np.abs(last.numpy() - expected).max()))

    config = peft.peft_config(None)
    config.update({"r": RANK, "lora_alpha": ALPHA, "target_modules": TARGETS})
    config.update(flags)
    peft.write_hubert_model_adapter(os.path.join(directory, name), config, lora, last)


if __name__ == "__main__":
    main()
