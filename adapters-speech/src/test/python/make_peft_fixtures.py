"""Builds the PEFT-layout LoRA fixtures for adapters-speech.

Takes the small random HuBERT "hubert_group_postln" of make_encoder_fixtures.py (rebuilt from the
same seed and checked against its recorded reference), applies LoRA the way Hugging Face PEFT's
LoraConfig(r=4, lora_alpha=8, lora_dropout=0.0, target_modules=["q_proj", "v_proj"]) does, in
plain PyTorch (no peft package): every targeted nn.Linear becomes

    base(x) + lora_B(lora_A(x)) * lora_alpha / r,   lora_A: Linear(in, r), lora_B: Linear(r, out),
                                                    both without bias

with A and B random and nonzero (PEFT initialises B to zero; a trained adapter has it nonzero).
It records the last hidden state of utterance A and writes the adapter twice, in the exact
on-disk layout of PeftModel.save_pretrained (adapter_config.json with PEFT 0.11's fields, sorted
keys, indent 2; adapter_model.safetensors with metadata {"format": "pt"} and tensors sorted by
name):

  hubert_group_postln/peft_lora/
    hubert_model/          as saved from get_peft_model(HubertModel, config):
                           base_model.model.encoder.layers.N.attention.{q,v}_proj.lora_{A,B}.weight
    sequence_classification/
                           as saved from get_peft_model(HubertForSequenceClassification(
                           classifier_proj_size=4, num_labels=3), config with
                           modules_to_save=["projector", "classifier"]):
                           base_model.model.hubert.encoder.layers.N..., base_model.model.projector.*,
                           base_model.model.classifier.*
    reference.safetensors  last_hidden_state [1, frames, 32], logits [1, 3] (the classification
                           head: projector per frame, mean over frames, classifier)

Run from the repository root after make_encoder_fixtures.py:
  nice /usr/bin/python3 adapters-speech/src/test/python/make_peft_fixtures.py
"""

import json
import math
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_adapter_fixtures as adp  # noqa: E402
import make_encoder_fixtures as enc  # noqa: E402

VARIANT, MODE, PRE_LN, SEED = "hubert_group_postln", "group_norm", False, 1
RANK = 4
ALPHA = 8
TARGETS = ["q_proj", "v_proj"]
PROJ, LABELS = 4, 3


class PeftLoraLinear(nn.Module):
    """PEFT's lora.Linear forward for one adapter without dropout."""

    def __init__(self, base):
        super().__init__()
        self.base_layer = base
        self.lora_A = nn.Linear(base.in_features, RANK, bias=False)
        self.lora_B = nn.Linear(RANK, base.out_features, bias=False)
        self.scaling = ALPHA / RANK
        with torch.no_grad():
            self.lora_A.weight.copy_(torch.randn(RANK, base.in_features) / math.sqrt(base.in_features))
            self.lora_B.weight.copy_(torch.randn(base.out_features, RANK) * 0.3)

    def forward(self, x):
        return self.base_layer(x) + self.lora_B(self.lora_A(x)) * self.scaling


def peft_config(modules_to_save):
    """LoraConfig(...).to_dict() as PeftModel.save_pretrained writes it (PEFT 0.11)."""
    return {
        "alpha_pattern": {},
        "auto_mapping": None,
        "base_model_name_or_path": VARIANT,
        "bias": "none",
        "fan_in_fan_out": False,
        "inference_mode": True,
        "init_lora_weights": True,
        "layer_replication": None,
        "layers_pattern": None,
        "layers_to_transform": None,
        "loftq_config": {},
        "lora_alpha": ALPHA,
        "lora_dropout": 0.0,
        "megatron_config": None,
        "megatron_core": "megatron.core",
        "modules_to_save": modules_to_save,
        "peft_type": "LORA",
        "r": RANK,
        "rank_pattern": {},
        "revision": None,
        "target_modules": TARGETS,
        "task_type": None,
        "use_dora": False,
        "use_rslora": False,
    }


def write_peft_safetensors(path, tensors):
    """safetensors.torch.save_file layout: metadata first, tensors sorted by name, F32."""
    arrays = {n: np.ascontiguousarray(t, dtype=np.float32) for n, t in tensors.items()}
    enc.write_arrays(path, arrays, sort=True, metadata={"format": "pt"})


def write_reference(out, last):
    """out/reference.safetensors: PyTorch's last_hidden_state [1, frames, 32] with the adapter."""
    enc.write_safetensors(os.path.join(out, "reference.safetensors"), {"last_hidden_state": last.numpy()})


def write_hubert_model_adapter(out, config, tensors, last):
    """The layout of the fixtures whose adapter wraps the bare HuBERT model: out/hubert_model/ with
    adapter_config.json and adapter_model.safetensors (tensors named under base_model.model., as PEFT
    saves them), and out/reference.safetensors."""
    adapter = os.path.join(out, "hubert_model")
    os.makedirs(adapter, exist_ok=True)
    with open(os.path.join(adapter, "adapter_config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
    write_peft_safetensors(
        os.path.join(adapter, "adapter_model.safetensors"),
        {"base_model.model." + k: v for k, v in tensors.items()},
    )
    write_reference(out, last)


def write_adapter(directory, tensors, modules_to_save):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "adapter_config.json"), "w") as f:
        json.dump(peft_config(modules_to_save), f, indent=2, sort_keys=True)
    write_peft_safetensors(os.path.join(directory, "adapter_model.safetensors"), tensors)


def rebuilt():
    """The starting point of every PEFT fixture script: the hubert_group_postln model rebuilt from
    its seed and checked against the committed encoder reference, the first utterance of the
    committed speech batch as a [1, samples] wave in [-1, 1), the model's fixture directory, and
    the reference's last hidden state."""
    speech = adp.read_safetensors(os.path.join(enc.OUT, "speech.safetensors"))
    wave = torch.from_numpy(speech["batch.input"][0:1].astype(np.float32) / 32768.0)
    directory = os.path.join(enc.OUT, VARIANT)
    ref = adp.read_safetensors(os.path.join(directory, "reference.safetensors"))

    model = enc.build(MODE, PRE_LN, SEED)
    states, _ = enc.hidden_states(model, wave, None)
    expected = ref[f"single.hidden_states.{enc.LAYERS}"]
    assert np.array_equal(states[-1], expected), "rebuilt model differs from fixture"
    return model, wave, directory, expected


@torch.no_grad()
def main():
    torch.set_num_threads(1)
    model, wave, directory, expected = rebuilt()

    torch.manual_seed(4242)
    lora = {}
    for i, layer in enumerate(model.encoder.transformer.layers):
        for name in TARGETS:
            wrapped = PeftLoraLinear(getattr(layer.attention, name))
            setattr(layer.attention, name, wrapped)
            stem = f"encoder.layers.{i}.attention.{name}."
            lora[stem + "lora_A.weight"] = wrapped.lora_A.weight.numpy().copy()
            lora[stem + "lora_B.weight"] = wrapped.lora_B.weight.numpy().copy()
    model.eval()
    last, _ = model(wave)
    print("max |adapted - base| =", float(np.abs(last.numpy() - expected).max()))

    projector = nn.Linear(enc.HIDDEN, PROJ)
    classifier = nn.Linear(PROJ, LABELS)
    adp.randomise(projector)
    adp.randomise(classifier)
    logits = classifier(projector(last).mean(dim=1))

    out = os.path.join(directory, "peft_lora")
    write_adapter(
        os.path.join(out, "hubert_model"),
        {"base_model.model." + k: v for k, v in lora.items()},
        None,
    )
    heads = {"base_model.model.hubert." + k: v for k, v in lora.items()}
    heads["base_model.model.projector.weight"] = projector.weight.numpy()
    heads["base_model.model.projector.bias"] = projector.bias.numpy()
    heads["base_model.model.classifier.weight"] = classifier.weight.numpy()
    heads["base_model.model.classifier.bias"] = classifier.bias.numpy()
    write_adapter(os.path.join(out, "sequence_classification"), heads, ["projector", "classifier"])
    enc.write_safetensors(
        os.path.join(out, "reference.safetensors"),
        {"last_hidden_state": last.numpy(), "logits": logits.numpy()},
    )


if __name__ == "__main__":
    main()
