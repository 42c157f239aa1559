"""Builds the PEFT-layout IA3 fixtures for adapters-speech.

Takes the small random HuBERT "hubert_group_postln" of make_encoder_fixtures.py (rebuilt from the
same seed and checked against its recorded reference) and applies IA3 the way Hugging Face PEFT's
IA3Config(target_modules=["k_proj", "v_proj", "output_dense"], feedforward_modules=["output_dense"])
does, in plain PyTorch (no peft package), following PEFT's tuners/ia3/layer.py:

    attention k_proj, v_proj (output scaling):   base(x) * ia3_l.flatten(),  ia3_l: [out, 1]
    feed_forward.output_dense (feed-forward):    base(x * ia3_l.flatten()),  ia3_l: [1, in]

with every ia3_l random around one (PEFT initialises it to ones; a trained adapter has moved).
It records the last hidden state of utterance A and writes the adapter in the exact on-disk layout
of PeftModel.save_pretrained (adapter_config.json with the fields of the current IA3Config.to_dict(),
sorted keys, indent 2; adapter_model.safetensors with metadata {"format": "pt"} and tensors sorted
by name):

  hubert_group_postln/peft_ia3/
    hubert_model/          as saved from get_peft_model(HubertModel, config):
                           base_model.model.encoder.layers.N.attention.{k,v}_proj.ia3_l [32, 1],
                           base_model.model.encoder.layers.N.feed_forward.output_dense.ia3_l [1, 64]
    reference.safetensors  last_hidden_state [1, frames, 32]

Run from the repository root after make_encoder_fixtures.py:
  nice /usr/bin/python3 adapters-speech/src/test/python/make_peft_ia3_fixtures.py
"""

import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_peft_fixtures as peft  # noqa: E402

VARIANT, MODE, PRE_LN, SEED = peft.VARIANT, peft.MODE, peft.PRE_LN, peft.SEED
ATTENTION = ["k_proj", "v_proj"]
FEEDFORWARD = ["output_dense"]
# PEFT keeps target_modules and feedforward_modules as sets and saves them as lists
TARGETS = sorted(ATTENTION + FEEDFORWARD)
# the version string PEFT's PeftConfigMixin fills in (peft/__init__.py of the snapshot read)
PEFT_VERSION = "0.20.1.dev0@5d602fdbff04c33c1c4de55cda9d4ae1d7cb7e40"


class PeftIa3Linear(nn.Module):
    """PEFT's ia3.Linear forward for one active adapter, not merged."""

    def __init__(self, base, is_feedforward):
        super().__init__()
        self.base_layer = base
        self.is_feedforward = is_feedforward
        shape = (1, base.in_features) if is_feedforward else (base.out_features, 1)
        self.ia3_l = nn.Parameter(1.0 + 0.3 * torch.randn(shape))

    def forward(self, x):
        scaling = self.ia3_l.flatten()
        if self.is_feedforward:
            return self.base_layer(x * scaling)
        return self.base_layer(x) * scaling


def peft_config():
    """IA3Config(...).to_dict() as PeftModel.save_pretrained writes it (sets become lists)."""
    return {
        "auto_mapping": None,
        "base_model_name_or_path": VARIANT,
        "exclude_modules": None,
        "fan_in_fan_out": False,
        "feedforward_modules": FEEDFORWARD,
        "inference_mode": True,
        "init_ia3_weights": True,
        "modules_to_save": None,
        "peft_type": "IA3",
        "peft_version": PEFT_VERSION,
        "revision": None,
        "target_modules": TARGETS,
        "task_type": None,
    }


@torch.no_grad()
def main():
    torch.set_num_threads(1)
    model, wave, directory, expected = peft.rebuilt()

    torch.manual_seed(3131)
    ia3 = {}
    for i, layer in enumerate(model.encoder.transformer.layers):
        for name in ATTENTION:
            wrapped = PeftIa3Linear(getattr(layer.attention, name), False)
            setattr(layer.attention, name, wrapped)
            ia3[f"encoder.layers.{i}.attention.{name}.ia3_l"] = wrapped.ia3_l.numpy().copy()
        for name in FEEDFORWARD:
            wrapped = PeftIa3Linear(getattr(layer.feed_forward, name), True)
            setattr(layer.feed_forward, name, wrapped)
            ia3[f"encoder.layers.{i}.feed_forward.{name}.ia3_l"] = wrapped.ia3_l.numpy().copy()
    model.eval()
    last, _ = model(wave)
    print("max |adapted - base| =", float(np.abs(last.numpy() - expected).max()))

    peft.write_hubert_model_adapter(os.path.join(directory, "peft_ia3"), peft_config(), ia3, last)


if __name__ == "__main__":
    main()
