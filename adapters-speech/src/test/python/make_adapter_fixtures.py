"""Builds the adapter parity fixtures for adapters-speech.

For each small random HuBERT of make_encoder_fixtures.py (rebuilt from the same seed and checked
against its recorded reference), every SURE adapter method is injected with plain PyTorch code that
follows the SURE definitions (ICASSP 2023, declare-lab/speech-adapters), with EVERY adapter
parameter randomised (LoRA's B and the adapters' layer norms included), and the last hidden state
of utterance A is recorded:

  <model>/adapters.safetensors
    <method>.<tensor>            adapter tensors under their sure4j names without "base_model.model."
                                 (e.g. lora.encoder.layers.0.attention.q_proj.lora_A.weight)
    <method>.last_hidden_state   [1, frames, D]
  methods: lora (r=8, alpha=1 on q/k/v/out and both FFN linears), bottleneck (D -> D/2 -> D, ReLU,
  after each layer), conv_adapter (SURE ConvAdapter after each layer), prefix (30 keys and values
  per layer in front of the projected ones).

Run from the repository root after make_encoder_fixtures.py:
  nice /usr/bin/python3 adapters-speech/src/test/python/make_adapter_fixtures.py
"""

import math
import os
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_encoder_fixtures as enc  # noqa: E402  (it puts tools/ on the path)
from safetensors_fixture import read_safetensors  # noqa: E402,F401  (make_peft_fixtures reads through it)
from torch_adapters import AfterLayer, Bottleneck, ConvAdapter  # noqa: E402

RANK = 8
ALPHA = 1.0
PREFIX = 30


def rand(*shape, scale=None):
    fan_in = shape[-1] if len(shape) > 1 else 1
    s = scale if scale is not None else 1.0 / math.sqrt(fan_in)
    return nn.Parameter(torch.randn(*shape) * s)


class LoraLinear(nn.Module):
    """loralib Linear: base(x) + (x A^T B^T) * alpha / r."""

    def __init__(self, base):
        super().__init__()
        self.base = base
        self.lora_A = rand(RANK, base.in_features)
        self.lora_B = rand(base.out_features, RANK, scale=0.3)

    def forward(self, x):
        return self.base(x) + (x @ self.lora_A.T @ self.lora_B.T) * (ALPHA / RANK)


class PrefixAttention(nn.Module):
    """Self-attention with P learned keys and values in front of the projected ones."""

    def __init__(self, attention):
        super().__init__()
        self.attention = attention
        d = attention.embed_dim
        self.prefix_key = rand(PREFIX, d, scale=1.0)
        self.prefix_value = rand(PREFIX, d, scale=1.0)

    def forward(self, x, attention_mask=None):
        a = self.attention
        b, t, d = x.shape
        h, hd = a.num_heads, a.head_dim
        q = a.q_proj(x).view(b, t, h, hd).transpose(1, 2)
        k = torch.cat([self.prefix_key.expand(b, PREFIX, d), a.k_proj(x)], 1)
        v = torch.cat([self.prefix_value.expand(b, PREFIX, d), a.v_proj(x)], 1)
        k = k.view(b, PREFIX + t, h, hd).transpose(1, 2)
        v = v.view(b, PREFIX + t, h, hd).transpose(1, 2)
        w = (q * hd**-0.5) @ k.transpose(-1, -2)
        assert attention_mask is None
        w = torch.softmax(w, dim=-1)
        out = (w @ v).transpose(1, 2).reshape(b, t, d)
        return a.out_proj(out)


def randomise(module):
    with torch.no_grad():
        for name, p in module.named_parameters():
            if "norm" in name and name.endswith("weight"):
                p.copy_(1.0 + 0.3 * torch.randn_like(p))
            elif name.endswith("bias"):
                p.copy_(0.2 * torch.randn_like(p))
            else:
                p.copy_(torch.randn_like(p) / math.sqrt(p[0].numel()))


def inject(model, method):
    """Injects one method into every layer; returns {sure4j tensor name: parameter}."""
    tensors = {}
    layers = model.encoder.transformer.layers
    for i in range(len(layers)):
        base = f"encoder.layers.{i}."
        layer = layers[i]
        if method == "lora":
            for name in ["q_proj", "k_proj", "v_proj", "out_proj"]:
                lora = LoraLinear(getattr(layer.attention, name))
                setattr(layer.attention, name, lora)
                tensors[base + f"attention.{name}.lora_A.weight"] = lora.lora_A
                tensors[base + f"attention.{name}.lora_B.weight"] = lora.lora_B
            for name in ["intermediate_dense", "output_dense"]:
                lora = LoraLinear(getattr(layer.feed_forward, name))
                setattr(layer.feed_forward, name, lora)
                tensors[base + f"feed_forward.{name}.lora_A.weight"] = lora.lora_A
                tensors[base + f"feed_forward.{name}.lora_B.weight"] = lora.lora_B
        elif method == "bottleneck":
            adapter = Bottleneck(enc.HIDDEN)
            randomise(adapter)
            layers[i] = AfterLayer(layer, adapter)
            for n, p in adapter.named_parameters():
                tensors[base + "post_ffn." + n] = p
        elif method == "conv_adapter":
            adapter = ConvAdapter(enc.HIDDEN)
            randomise(adapter)
            layers[i] = AfterLayer(layer, adapter)
            tensors.update(adapter.named_tensors(base + "post_ffn."))
        elif method == "prefix":
            prefix = PrefixAttention(layer.attention)
            layer.attention = prefix
            tensors[base + "attention.prefix_key"] = prefix.prefix_key
            tensors[base + "attention.prefix_value"] = prefix.prefix_value
        else:
            raise ValueError(method)
    return tensors


@torch.no_grad()
def main():
    torch.set_num_threads(1)
    speech = read_safetensors(os.path.join(enc.OUT, "speech.safetensors"))
    wave = torch.from_numpy(speech["batch.input"][0:1].astype(np.float32) / 32768.0)
    variants = [("hubert_group_postln", "group_norm", False, 1), ("hubert_layer_preln", "layer_norm", True, 2)]
    for name, mode, pre, seed in variants:
        directory = os.path.join(enc.OUT, name)
        ref = read_safetensors(os.path.join(directory, "reference.safetensors"))
        out = {}
        for m, method in enumerate(["lora", "bottleneck", "conv_adapter", "prefix"]):
            model = enc.build(mode, pre, seed)
            states, _ = enc.hidden_states(model, wave, None)
            expected = ref[f"single.hidden_states.{enc.LAYERS}"]
            assert np.array_equal(states[-1], expected), f"{name}: rebuilt model differs from fixture"
            torch.manual_seed(100 * seed + m)
            tensors = inject(model, method)
            model.eval()
            last, _ = model(wave)
            out[f"{method}.last_hidden_state"] = last.numpy()
            for t, p in tensors.items():
                out[f"{method}.{t}"] = p.detach().numpy().copy()
            print(name, method, "max |adapted - base| =", float(np.abs(last.numpy() - expected).max()))
        enc.write_safetensors(os.path.join(directory, "adapters.safetensors"), out)


if __name__ == "__main__":
    main()
