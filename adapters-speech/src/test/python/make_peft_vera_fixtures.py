"""Builds the PEFT-layout VeRA fixtures for adapters-speech.

Takes the small random HuBERT "hubert_group_postln" of make_encoder_fixtures.py (rebuilt from the
same seed and checked against its recorded reference) and applies VeRA the way Hugging Face PEFT's
VeraConfig(r=8, projection_prng_key=2024, d_initial=0.1, vera_dropout=0.0,
target_modules=[q_proj, v_proj, feed_forward.intermediate_dense, feed_forward.output_dense]) does,
in plain PyTorch (no peft package), from PEFT's formulas:

  shared projections (VeraModel._init_vera_A_vera_B): one generator
      g = torch.Generator(device="cpu").manual_seed(projection_prng_key)
      vera_A = kaiming_uniform((r, max_in), g)     then     vera_B = kaiming_uniform((max_out, r), g)
  where max_in / max_out are the largest in / out features of the targeted layers and
  kaiming_uniform is uniform_(-bound, bound) with bound = sqrt(3) * sqrt(2) / sqrt(fan_in),
  fan_in = size(1);
  every targeted nn.Linear (vera.Linear.forward):
      base(x) + lambda_b * linear(lambda_d * linear(x, vera_A[:, :in]), vera_B[:out, :])

The targets have different shapes (32 -> 32, 32 -> 64, 64 -> 32), so both slices are exercised.
lambda_b [out] and lambda_d [r] are random and nonzero (PEFT starts lambda_b at zero; a trained
adapter has it nonzero). It records the last hidden state of utterance A and writes the adapter in
the on-disk layout of PeftModel.save_pretrained for a HubertModel (adapter_config.json with
VeraConfig's fields, sorted keys, indent 2; adapter_model.safetensors with metadata
{"format": "pt"} and tensors sorted by name), twice:

  hubert_group_postln/peft_vera/
    projection/        save_projection=true: base_model.model.encoder.layers.N.<module>.vera_lambda_{b,d}
                       and the shared base_model.vera_A [8, 64], base_model.vera_B [64, 8]
    regenerated/       save_projection=false: only the lambdas; the projections are regenerated
                       from projection_prng_key on loading
    reference.safetensors   last_hidden_state [1, frames, 32]

Run from the repository root after make_encoder_fixtures.py:
  nice /usr/bin/python3 adapters-speech/src/test/python/make_peft_vera_fixtures.py
"""

import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_peft_fixtures as peft  # noqa: E402

VARIANT, MODE, PRE_LN, SEED = peft.VARIANT, peft.MODE, peft.PRE_LN, peft.SEED
RANK = 8
KEY = 2024
D_INITIAL = 0.1
TARGETS = ["feed_forward.intermediate_dense", "feed_forward.output_dense", "q_proj", "v_proj"]


def kaiming_uniform(shape, generator):
    """PEFT's vera _kaiming_init on a new tensor: fan-in size(1), gain sqrt(2)."""
    tensor = torch.empty(shape)
    bound = math.sqrt(3.0) * (math.sqrt(2) / math.sqrt(shape[1]))
    return tensor.uniform_(-bound, bound, generator=generator)


class PeftVeraLinear(nn.Module):
    """PEFT's vera.Linear forward for one adapter without dropout."""

    def __init__(self, base, vera_a, vera_b):
        super().__init__()
        self.base_layer = base
        self.vera_a = vera_a
        self.vera_b = vera_b
        self.vera_lambda_b = torch.randn(base.out_features) * 0.5
        self.vera_lambda_d = D_INITIAL + torch.randn(RANK) * 0.5

    def forward(self, x):
        sliced_a = self.vera_a[:, : self.base_layer.in_features]
        sliced_b = self.vera_b[: self.base_layer.out_features, :]
        update = F.linear(self.vera_lambda_d * F.linear(x, sliced_a), sliced_b)
        return self.base_layer(x) + self.vera_lambda_b * update


def peft_config(save_projection):
    """VeraConfig(...).to_dict() as PeftModel.save_pretrained writes it."""
    return {
        "auto_mapping": None,
        "base_model_name_or_path": VARIANT,
        "bias": "none",
        "d_initial": D_INITIAL,
        "fan_in_fan_out": False,
        "inference_mode": True,
        "init_weights": True,
        "layers_pattern": None,
        "layers_to_transform": None,
        "modules_to_save": None,
        "peft_type": "VERA",
        "projection_prng_key": KEY,
        "r": RANK,
        "revision": None,
        "save_projection": save_projection,
        "target_modules": TARGETS,
        "task_type": None,
        "vera_dropout": 0.0,
    }


def write_adapter(directory, tensors, save_projection):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "adapter_config.json"), "w") as f:
        json.dump(peft_config(save_projection), f, indent=2, sort_keys=True)
    peft.write_peft_safetensors(os.path.join(directory, "adapter_model.safetensors"), tensors)


def targeted(model):
    """(module path in the Hugging Face layout, parent module, attribute) of every target."""
    out = []
    for i, layer in enumerate(model.encoder.transformer.layers):
        for name in ("q_proj", "v_proj"):
            out.append((f"encoder.layers.{i}.attention.{name}", layer.attention, name))
        for name in ("intermediate_dense", "output_dense"):
            out.append((f"encoder.layers.{i}.feed_forward.{name}", layer.feed_forward, name))
    return out


@torch.no_grad()
def main():
    torch.set_num_threads(1)
    model, wave, directory, expected = peft.rebuilt()

    targets = targeted(model)
    max_in = max(getattr(p, n).in_features for _, p, n in targets)
    max_out = max(getattr(p, n).out_features for _, p, n in targets)
    generator = torch.Generator(device="cpu").manual_seed(KEY)
    vera_a = kaiming_uniform((RANK, max_in), generator)
    vera_b = kaiming_uniform((max_out, RANK), generator)
    print("vera_A", tuple(vera_a.shape), "vera_B", tuple(vera_b.shape))

    torch.manual_seed(4343)
    lambdas = {}
    for path, parent, name in targets:
        wrapped = PeftVeraLinear(getattr(parent, name), vera_a, vera_b)
        setattr(parent, name, wrapped)
        lambdas[f"base_model.model.{path}.vera_lambda_b"] = wrapped.vera_lambda_b.numpy().copy()
        lambdas[f"base_model.model.{path}.vera_lambda_d"] = wrapped.vera_lambda_d.numpy().copy()
    model.eval()
    last, _ = model(wave)
    print("max |adapted - base| =", float(np.abs(last.numpy() - expected).max()))

    out = os.path.join(directory, "peft_vera")
    with_projection = dict(lambdas)
    with_projection["base_model.vera_A"] = vera_a.numpy()
    with_projection["base_model.vera_B"] = vera_b.numpy()
    write_adapter(os.path.join(out, "projection"), with_projection, True)
    write_adapter(os.path.join(out, "regenerated"), lambdas, False)
    peft.write_reference(out, last)


if __name__ == "__main__":
    main()
