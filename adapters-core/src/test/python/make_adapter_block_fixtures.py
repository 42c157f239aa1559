#!/usr/bin/env python3
"""Reference tensors for the adapter blocks of adapters-core, computed with PyTorch.

Each adapter is written here from the SURE reference description (ICASSP 2023 code), in plain torch, with every
parameter random (layer-norm scales and biases included). The output file holds, per case, the input, every
weight under the parameter path sure4j's StateDict gives the matching Java block, and the reference output.

Run: nice /usr/bin/python3 adapters-core/src/test/python/make_adapter_block_fixtures.py
Writes adapters-core/src/test/resources/fixtures/adapters/blocks.safetensors (no safetensors package needed).
"""
import json
import math
import os
import struct

import torch
from torch import nn
import torch.nn.functional as F

torch.manual_seed(1234)
D, T, B, H = 32, 7, 2, 4
OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "adapters", "blocks.safetensors")
tensors = {}


def put(case, name, t):
    tensors[f"{case}/{name}"] = t.detach().float().contiguous()


def rnd(*shape, scale=0.3):
    return torch.randn(*shape) * scale


def layer_norm_params(case, prefix):
    w, b = 1 + rnd(D), rnd(D)
    put(case, prefix + "weight", w)
    put(case, prefix + "bias", b)
    return w, b


x = torch.randn(B, T, D)
mask = torch.ones(B, T)
mask[1, 5:] = 0

# ConvAdapter (SURE "adapterblock"): LN -> grouped conv down -> ReLU -> depthwise -> grouped conv up -> SE -> + x
case = "conv"
w = D // 2
ln_w, ln_b = layer_norm_params(case, "layer_norm.")
down, dw, up = rnd(w, D // w, 3), rnd(w, 1, 5), rnd(D, 1, 3)
fc1, fc2 = rnd(D // 16, D), rnd(D, D // 16)
for n, t in [("conv_down.weight", down), ("conv_depthwise.weight", dw), ("conv_up.weight", up),
             ("se.fc1.weight", fc1), ("se.fc2.weight", fc2)]:
    put(case, n, t)
h = F.layer_norm(x, (D,), ln_w, ln_b, 1e-5).transpose(1, 2)
h = F.conv1d(h, down, padding=1, groups=w)
h = F.relu(h)
h = F.conv1d(h, dw, padding=2, groups=w)
h = F.conv1d(h, up, padding=1, groups=w)
s = torch.sigmoid(F.linear(F.relu(F.linear(h.mean(2), fc1)), fc2))
y = x + (h * s.unsqueeze(2)).transpose(1, 2)
put(case, "input", x)
put(case, "output", y)

# Bottleneck (SURE): Linear(D -> D/2) -> ReLU -> Linear(D/2 -> D) -> + x
case = "bottleneck"
dw_, db_, uw_, ub_ = rnd(D // 2, D), rnd(D // 2), rnd(D, D // 2), rnd(D)
for n, t in [("adapter_down.weight", dw_), ("adapter_down.bias", db_), ("adapter_up.weight", uw_),
             ("adapter_up.bias", ub_)]:
    put(case, n, t)
put(case, "input", x)
put(case, "output", x + F.linear(F.relu(F.linear(x, dw_, db_)), uw_, ub_))

# Bottleneck with layer norm, GELU, width 8 and scaling 0.5
case = "bottleneck_ln"
ln_w, ln_b = layer_norm_params(case, "layer_norm.")
dw_, db_, uw_, ub_ = rnd(8, D), rnd(8), rnd(D, 8), rnd(D)
for n, t in [("adapter_down.weight", dw_), ("adapter_down.bias", db_), ("adapter_up.weight", uw_),
             ("adapter_up.bias", ub_)]:
    put(case, n, t)
h = F.layer_norm(x, (D,), ln_w, ln_b, 1e-5)
put(case, "input", x)
put(case, "output", x + 0.5 * F.linear(F.gelu(F.linear(h, dw_, db_)), uw_, ub_))

# LoRA (loralib Linear, r = 4, alpha = 8): x W^T + b + (alpha / r) x A^T B^T
case = "lora"
W, b, A, Bm = rnd(24, D), rnd(24), rnd(4, D), rnd(24, 4)
for n, t in [("weight", W), ("bias", b), ("adapters.lora.lora_A.weight", A), ("adapters.lora.lora_B.weight", Bm)]:
    put(case, n, t)
put(case, "input", x)
put(case, "output", F.linear(x, W, b) + (8 / 4) * (x @ A.t() @ Bm.t()))


# Prefix tuning in Hugging Face wav2vec2 self-attention: P keys/values in front, queries unchanged, prefix visible
def attention_with_prefix(case, pk, pv):
    proj = {}
    for n in ["k_proj", "v_proj", "q_proj", "out_proj"]:
        proj[n] = (rnd(D, D), rnd(D))
        put(case, n + ".weight", proj[n][0])
        put(case, n + ".bias", proj[n][1])
    hd = D // H
    p = pk.shape[0]
    q = F.linear(x, *proj["q_proj"]) * hd ** -0.5
    k = torch.cat([pk.expand(B, p, D), F.linear(x, *proj["k_proj"])], 1)
    v = torch.cat([pv.expand(B, p, D), F.linear(x, *proj["v_proj"])], 1)
    q = q.view(B, T, H, hd).transpose(1, 2)
    k = k.view(B, p + T, H, hd).transpose(1, 2)
    v = v.view(B, p + T, H, hd).transpose(1, 2)
    full_mask = torch.cat([torch.ones(B, p), mask], 1)
    bias = (1.0 - full_mask)[:, None, None, :] * torch.finfo(torch.float32).min
    att = torch.softmax(q @ k.transpose(2, 3) + bias, -1)
    out = (att @ v).transpose(1, 2).reshape(B, T, D)
    put(case, "input", x)
    put(case, "mask", mask)
    put(case, "output", F.linear(out, *proj["out_proj"]))


case = "prefix"
pk, pv = torch.randn(3, D), torch.randn(3, D)
put(case, "adapters.prefix.prefix_key", pk)
put(case, "adapters.prefix.prefix_value", pv)
attention_with_prefix(case, pk, pv)

case = "prefix_mlp"
emb, w1, b1, w2, b2 = torch.randn(3, D), rnd(16, D), rnd(16), rnd(2 * D, 16), rnd(2 * D)
for n, t in [("adapters.prefix.embedding", emb), ("adapters.prefix.mlp_in.weight", w1),
             ("adapters.prefix.mlp_in.bias", b1), ("adapters.prefix.mlp_out.weight", w2),
             ("adapters.prefix.mlp_out.bias", b2)]:
    put(case, n, t)
kv = F.linear(torch.tanh(F.linear(emb, w1, b1)), w2, b2)
attention_with_prefix(case, kv[:, :D], kv[:, D:])


def write_safetensors(path, named):
    header, offset, blobs = {}, 0, []
    for name in sorted(named):
        data = named[name].numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(named[name].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * ((8 - len(raw) % 8) % 8)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b_ in blobs:
            f.write(b_)


write_safetensors(os.path.abspath(OUT), tensors)
print(f"wrote {len(tensors)} tensors to {os.path.abspath(OUT)}")
