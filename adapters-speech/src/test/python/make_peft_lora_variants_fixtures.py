"""Builds the PEFT-layout rsLoRA and DoRA fixtures for adapters-speech.

Takes the small random HuBERT "hubert_group_postln" of make_encoder_fixtures.py (rebuilt from the
same seed and checked against its recorded reference) and applies, in plain PyTorch (no peft
package), the two LoRA variants of Hugging Face PEFT's LoraConfig:

  peft_rslora/  LoraConfig(r=4, lora_alpha=8, use_rslora=True, target_modules=["q_proj", "v_proj"]):
                base(x) + lora_B(lora_A(x)) * lora_alpha / sqrt(r)            (scaling 4, not 2)
  peft_dora/    LoraConfig(r=4, lora_alpha=8, use_dora=True, target_modules=["q_proj", "v_proj",
                "feed_forward.intermediate_dense"]): PEFT's DoraLinearLayer.forward in eval mode,
                  s = lora_alpha / r,  n = ||W + s B A|| per output row (torch.linalg.norm, dim=1,
                  detached),  y = base(x) + (m / n - 1) (base(x) - b) + (m / n) s lora_B(lora_A(x))
                with the magnitude m = lora_magnitude_vector [out].

A, B and m are random and nonzero (a trained adapter: PEFT starts B at zero and m at n). Each
directory holds PeftModel.save_pretrained's layout for a HubertModel (adapter_config.json with the
fields of make_peft_fixtures.py and use_rslora/use_dora set; adapter_model.safetensors with
base_model.model.encoder.layers.N.<module>.lora_{A,B}.weight and, for DoRA,
base_model.model.encoder.layers.N.<module>.lora_magnitude_vector, the name PEFT saves it under
once it has dropped the ".weight" of its DoraLinearLayer) and reference.safetensors with
last_hidden_state [1, frames, 32] of utterance A.

Run from the repository root after make_encoder_fixtures.py:
  nice /usr/bin/python3 adapters-speech/src/test/python/make_peft_lora_variants_fixtures.py
"""

import json
import math
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_encoder_fixtures as enc  # noqa: E402
import make_peft_fixtures as peft  # noqa: E402

RSLORA_TARGETS = ["q_proj", "v_proj"]
DORA_TARGETS = ["q_proj", "v_proj", "feed_forward.intermediate_dense"]


class PeftDoraLinear(nn.Module):
    """PEFT's lora.Linear with use_dora=True, eval-mode forward, one adapter, no dropout."""

    def __init__(self, base):
        super().__init__()
        self.base_layer = base
        self.lora_A = nn.Linear(base.in_features, peft.RANK, bias=False)
        self.lora_B = nn.Linear(peft.RANK, base.out_features, bias=False)
        self.scaling = peft.ALPHA / peft.RANK
        with torch.no_grad():
            self.lora_A.weight.copy_(
                torch.randn(peft.RANK, base.in_features) / math.sqrt(base.in_features))
            self.lora_B.weight.copy_(torch.randn(base.out_features, peft.RANK) * 0.3)
            # PEFT's init (get_weight_norm), then a trained-looking change of every magnitude
            start = self.weight_norm()
            self.magnitude = nn.Parameter(start * (1 + 0.3 * torch.randn_like(start)))

    def weight_norm(self):
        lora_weight = self.lora_B.weight @ self.lora_A.weight
        weight = self.base_layer.weight + self.scaling * lora_weight
        return torch.linalg.norm(weight, dim=1).detach()

    def forward(self, x):
        result = self.base_layer(x)
        mag_norm_scale = (self.magnitude / self.weight_norm()).view(1, -1)
        lora_result = self.lora_B(self.lora_A(x))
        base_result = result - self.base_layer.bias
        return result + (mag_norm_scale - 1) * base_result + mag_norm_scale * lora_result * self.scaling


def module_of(layer, target):
    owner = layer.feed_forward if target.startswith("feed_forward.") else layer.attention
    return owner, target.split(".")[-1]


def adapt(model, targets, wrap, with_magnitude):
    """Wraps every targeted linear of every layer; returns the PEFT tensors by module path."""
    tensors = {}
    for i, layer in enumerate(model.encoder.transformer.layers):
        for target in targets:
            owner, attr = module_of(layer, target)
            wrapped = wrap(getattr(owner, attr))
            setattr(owner, attr, wrapped)
            where = "feed_forward" if owner is layer.feed_forward else "attention"
            stem = f"base_model.model.encoder.layers.{i}.{where}.{attr}."
            tensors[stem + "lora_A.weight"] = wrapped.lora_A.weight.detach().numpy().copy()
            tensors[stem + "lora_B.weight"] = wrapped.lora_B.weight.detach().numpy().copy()
            if with_magnitude:
                tensors[stem + "lora_magnitude_vector"] = wrapped.magnitude.detach().numpy().copy()
    return tensors


def rslora_linear(base):
    wrapped = peft.PeftLoraLinear(base)
    wrapped.scaling = peft.ALPHA / math.sqrt(peft.RANK)
    return wrapped


@torch.no_grad()
def run(name, targets, wrap, with_magnitude, flags, wave, expected, seed):
    model = enc.build(peft.MODE, peft.PRE_LN, peft.SEED)
    torch.manual_seed(seed)
    tensors = adapt(model, targets, wrap, with_magnitude)
    model.eval()
    last, _ = model(wave)
    print(name, "max |adapted - base| =", float(np.abs(last.numpy() - expected).max()))
    config = peft.peft_config(None)
    config.update(flags)
    config["target_modules"] = targets
    out = os.path.join(enc.OUT, peft.VARIANT, name)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "adapter_config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
    peft.write_peft_safetensors(os.path.join(out, "adapter_model.safetensors"), tensors)
    peft.write_reference(out, last)


@torch.no_grad()
def main():
    torch.set_num_threads(1)
    _, wave, _, expected = peft.rebuilt()

    run("peft_rslora", RSLORA_TARGETS, rslora_linear, False, {"use_rslora": True}, wave, expected,
        5151)
    run("peft_dora", DORA_TARGETS, PeftDoraLinear, True, {"use_dora": True}, wave, expected, 6161)


if __name__ == "__main__":
    main()
