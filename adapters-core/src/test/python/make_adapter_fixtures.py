#!/usr/bin/env python3
"""Writes the PyTorch reference fixtures for the adapter parity tests.

Run from the repository root with Debian's python3-torch (1.13):

    nice /usr/bin/python3 adapters-core/src/test/python/make_adapter_fixtures.py

Each case is one safetensors file under
adapters-core/src/test/resources/fixtures/adapters/. Tensors named ``io.*`` are the inputs
(``io.x`` [batch, frames, D] or [batch, in], ``io.mask`` [batch, frames], 1 = real frame) and the
expected output (``io.y``); every other tensor is a parameter, named by the dotted path that
sure4j's ``StateDict.of(block, "")`` gives for the matching Java block. The modules below follow
the SURE reference (declare-lab/speech-adapters on Hugging Face transformers 4.22) and are
written with plain torch only; their module attributes use the Java names so that
``state_dict()`` keys are the fixture names.

All values are float32, made in eval mode from fixed seeds. The safetensors format is written by
hand: an 8-byte little-endian header length, a JSON header, then the raw little-endian data.
"""

import copy
import json
import math
import os
import sys

import torch
import torch.nn.functional as F
from torch import nn
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "tools"))
from safetensors_fixture import write_safetensors as write_arrays  # noqa: E402

OUT_DIR = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "adapters"
)
EPS = 1e-5


# ---------------------------------------------------------------- safetensors


def write_safetensors(path, tensors):
    """Writes a dict name -> float32 tensor as a safetensors file, tensors in name order."""
    write_arrays(path, {n: t.detach().to(torch.float32).contiguous().cpu().numpy() for n, t in tensors.items()}, sort=True)


# ---------------------------------------------------------------- reference modules


class Linear(nn.Module):
    """nn.Linear with a slot for loralib-style deltas: y = x W^T + b + sum_i s_i x A_i^T B_i^T."""

    def __init__(self, d_in, d_out):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(d_out, d_in))
        self.bias = nn.Parameter(torch.empty(d_out))
        self.adapters = nn.ModuleDict()

    def forward(self, x):
        y = F.linear(x, self.weight, self.bias)
        for lora in self.adapters.values():
            y = y + lora(x)
        return y


class LoraDelta(nn.Module):
    """loralib.Linear's update: (alpha / r) * x A^T B^T, A [r, in], B [out, r], no dropout in eval."""

    def __init__(self, d_in, d_out, r, alpha):
        super().__init__()
        self.lora_A = nn.Linear(d_in, r, bias=False)
        self.lora_B = nn.Linear(r, d_out, bias=False)
        self.scaling = alpha / r

    def forward(self, x):
        return (x @ self.lora_A.weight.transpose(0, 1) @ self.lora_B.weight.transpose(0, 1)) * (
            self.scaling
        )


class SqueezeExcite(nn.Module):
    """SE over channels of [B, D, T]: mean over time, fc1 (no bias), ReLU, fc2 (no bias), sigmoid."""

    def __init__(self, d, reduction):
        super().__init__()
        self.fc1 = nn.Linear(d, d // reduction, bias=False)
        self.fc2 = nn.Linear(d // reduction, d, bias=False)

    def forward(self, h):
        s = h.mean(dim=2)
        s = torch.sigmoid(self.fc2(torch.relu(self.fc1(s))))
        return h * s.unsqueeze(2)


class ConvAdapter(nn.Module):
    """SURE's adapter block: LN, grouped conv down, ReLU, depthwise conv, grouped conv up, SE,
    residual. Input and output [B, T, D]."""

    def __init__(self, d, ratio=0.5, kernels=(3, 5, 3), reduction=16):
        super().__init__()
        w = int(d * ratio)
        k_in, k_dw, k_out = kernels
        self.layer_norm = nn.LayerNorm(d, eps=EPS)
        self.conv_down = nn.Conv1d(d, w, k_in, padding=k_in // 2, groups=w, bias=False)
        self.conv_depthwise = nn.Conv1d(w, w, k_dw, padding=k_dw // 2, groups=w, bias=False)
        self.conv_up = nn.Conv1d(w, d, k_out, padding=k_out // 2, groups=w, bias=False)
        self.se = SqueezeExcite(d, reduction)

    def forward(self, x):
        h = self.layer_norm(x).transpose(1, 2)
        h = torch.relu(self.conv_down(h))
        h = self.conv_depthwise(h)
        h = self.conv_up(h)
        h = self.se(h)
        return x + h.transpose(1, 2)


class Bottleneck(nn.Module):
    """Houlsby/Pfeiffer bottleneck: [LN] -> down -> ReLU -> up -> * scaling -> + input."""

    def __init__(self, d, width, layer_norm=False, scaling=1.0):
        super().__init__()
        if layer_norm:
            self.layer_norm = nn.LayerNorm(d, eps=EPS)
        self.adapter_down = nn.Linear(d, width)
        self.adapter_up = nn.Linear(width, d)
        self.scaling = scaling

    def forward(self, x):
        h = self.layer_norm(x) if hasattr(self, "layer_norm") else x
        h = self.adapter_up(torch.relu(self.adapter_down(h)))
        return x + h * self.scaling


class Prefix(nn.Module):
    """Learned prefix keys and values [P, D]; with mlp_hidden, an embedding [P, D] through
    Linear(D, h) -> tanh -> Linear(h, 2D), split into keys | values."""

    def __init__(self, d, length, mlp_hidden=0):
        super().__init__()
        if mlp_hidden:
            self.embedding = nn.Parameter(torch.empty(length, d))
            self.mlp_in = nn.Linear(d, mlp_hidden)
            self.mlp_out = nn.Linear(mlp_hidden, 2 * d)
        else:
            self.prefix_key = nn.Parameter(torch.empty(length, d))
            self.prefix_value = nn.Parameter(torch.empty(length, d))

    def forward(self):
        if hasattr(self, "embedding"):
            kv = self.mlp_out(torch.tanh(self.mlp_in(self.embedding)))
            return kv.chunk(2, dim=-1)
        return self.prefix_key, self.prefix_value


class Wav2Vec2Attention(nn.Module):
    """transformers 4.22 Wav2Vec2Attention (self-attention, no cache), with prefix keys/values
    concatenated in front of the projected keys/values before the head split."""

    def __init__(self, d, heads):
        super().__init__()
        self.embed_dim = d
        self.num_heads = heads
        self.head_dim = d // heads
        self.scaling = self.head_dim ** -0.5
        self.k_proj = Linear(d, d)
        self.v_proj = Linear(d, d)
        self.q_proj = Linear(d, d)
        self.out_proj = Linear(d, d)
        self.adapters = nn.ModuleDict()

    def _shape(self, t, seq_len, bsz):
        return t.view(bsz, seq_len, self.num_heads, self.head_dim).transpose(1, 2).contiguous()

    def forward(self, hidden_states, mask=None):
        bsz, tgt_len, _ = hidden_states.size()
        query_states = self.q_proj(hidden_states) * self.scaling
        keys = self.k_proj(hidden_states)
        values = self.v_proj(hidden_states)
        n_prefix = 0
        if len(self.adapters):
            pks, pvs = zip(*[p() for p in self.adapters.values()])
            n_prefix = sum(k.shape[0] for k in pks)
            keys = torch.cat([k.unsqueeze(0).expand(bsz, -1, -1) for k in pks] + [keys], dim=1)
            values = torch.cat([v.unsqueeze(0).expand(bsz, -1, -1) for v in pvs] + [values], dim=1)
        src_len = tgt_len + n_prefix
        key_states = self._shape(keys, src_len, bsz)
        value_states = self._shape(values, src_len, bsz)

        proj_shape = (bsz * self.num_heads, -1, self.head_dim)
        query_states = self._shape(query_states, tgt_len, bsz).view(*proj_shape)
        key_states = key_states.view(*proj_shape)
        value_states = value_states.view(*proj_shape)

        attn_weights = torch.bmm(query_states, key_states.transpose(1, 2))
        if mask is not None:
            # _expand_mask of transformers 4.22, widened by the always-visible prefix positions
            full = torch.cat([torch.ones(bsz, n_prefix), mask.float()], dim=1)
            inverted = 1.0 - full[:, None, None, :].expand(bsz, 1, tgt_len, src_len)
            attention_mask = inverted.masked_fill(
                inverted.bool(), torch.finfo(torch.float32).min
            )
            attn_weights = attn_weights.view(bsz, self.num_heads, tgt_len, src_len) + attention_mask
            attn_weights = attn_weights.view(bsz * self.num_heads, tgt_len, src_len)
        attn_weights = F.softmax(attn_weights, dim=-1)
        attn_output = torch.bmm(attn_weights, value_states)
        attn_output = attn_output.view(bsz, self.num_heads, tgt_len, self.head_dim)
        attn_output = attn_output.transpose(1, 2).reshape(bsz, tgt_len, self.embed_dim)
        return self.out_proj(attn_output)


class FeedForward(nn.Module):
    """Wav2Vec2FeedForward with exact (erf) GELU; dropouts are identities in eval mode."""

    def __init__(self, d, ffn):
        super().__init__()
        self.intermediate_dense = Linear(d, ffn)
        self.output_dense = Linear(ffn, d)

    def forward(self, h):
        return self.output_dense(F.gelu(self.intermediate_dense(h)))


class Site(nn.Module):
    """A residual adapter site: each adapter in turn, x = adapter(x)."""

    def __init__(self):
        super().__init__()
        self.adapters = nn.ModuleDict()

    def forward(self, x):
        for a in self.adapters.values():
            x = a(x)
        return x


class EncoderLayer(nn.Module):
    """Wav2Vec2EncoderLayer (post-LN) or Wav2Vec2EncoderLayerStableLayerNorm (pre-LN) with the
    SURE adapter sites: post_attention after the attention block, post_ffn as the layer's last
    operation (after final_layer_norm in post-LN, after the FFN residual in pre-LN)."""

    def __init__(self, d, heads, ffn, pre_norm):
        super().__init__()
        self.pre_norm = pre_norm
        self.attention = Wav2Vec2Attention(d, heads)
        self.layer_norm = nn.LayerNorm(d, eps=EPS)
        self.feed_forward = FeedForward(d, ffn)
        self.final_layer_norm = nn.LayerNorm(d, eps=EPS)
        self.post_attention = Site()
        self.post_ffn = Site()

    def forward(self, h, mask):
        if self.pre_norm:
            attn_residual = h
            h = self.layer_norm(h)
            h = self.attention(h, mask)
            h = attn_residual + h
            h = self.post_attention(h)
            h = h + self.feed_forward(self.final_layer_norm(h))
            return self.post_ffn(h)
        attn_residual = h
        h = self.attention(h, mask)
        h = attn_residual + h
        h = self.layer_norm(h)
        h = self.post_attention(h)
        h = h + self.feed_forward(h)
        h = self.final_layer_norm(h)
        return self.post_ffn(h)


class Encoder(nn.ModuleList):
    """Layers applied in turn, each with the same padding mask (state-dict names 0.*, 1.*)."""

    def forward(self, h, mask):
        for layer in self:
            h = layer(h, mask)
        return h


# ---------------------------------------------------------------- cases


def randomise(module, gen):
    """Gives every parameter a random value: layer-norm weights near 1, everything else of the
    order of PyTorch's default initialisation, biases and prefixes included."""
    with torch.no_grad():
        for name, p in module.named_parameters():
            owner = module.get_submodule(name.rsplit(".", 1)[0]) if "." in name else module
            if isinstance(owner, nn.LayerNorm) and name.endswith("weight"):
                p.copy_(1 + 0.3 * torch.randn(p.shape, generator=gen))
            elif p.dim() == 1:
                p.copy_(0.3 * torch.randn(p.shape, generator=gen))
            elif name.endswith(("prefix_key", "prefix_value", "embedding")):
                p.copy_(torch.randn(p.shape, generator=gen))
            else:
                fan_in = p[0].numel()
                bound = 1.5 / math.sqrt(fan_in)
                p.copy_((torch.rand(p.shape, generator=gen) * 2 - 1) * bound)


def padded_mask(batch, frames, lengths):
    m = torch.zeros(batch, frames)
    for i, n in enumerate(lengths):
        m[i, :n] = 1
    return m


def float64_gap(module, x, mask):
    """How far float32 PyTorch itself is from a float64 run of the same case: the rounding floor
    that a float32 port cannot beat."""
    m64 = copy.deepcopy(module).double()
    with torch.no_grad():
        y32 = module(x) if mask is None else module(x, mask)
        y64 = m64(x.double()) if mask is None else m64(x.double(), mask.double())
    return (y32.double() - y64).abs().max().item()


def save(name, module, x, y, mask=None):
    tensors = {k: v for k, v in module.state_dict().items()}
    tensors["io.x"] = x
    tensors["io.y"] = y
    if mask is not None:
        tensors["io.mask"] = mask
    path = os.path.join(OUT_DIR, name + ".safetensors")
    write_safetensors(path, tensors)
    print(f"{name}: {len(tensors) - 2 - (mask is not None)} parameters, "
          f"{os.path.getsize(path)} bytes, max |y| {y.abs().max().item():.2f}, "
          f"float32 vs float64 torch {float64_gap(module, x, mask):.2e}")


def run(name, module, x, mask=None, seed=0):
    gen = torch.Generator().manual_seed(seed)
    randomise(module, gen)
    module.eval()
    with torch.no_grad():
        y = module(x) if mask is None else module(x, mask)
    save(name, module, x, y, mask)


def prefix_attention(d, heads, length, mlp_hidden=0):
    m = Wav2Vec2Attention(d, heads)
    m.adapters["prefix"] = Prefix(d, length, mlp_hidden)
    return m


def lora_linear(d_in, d_out, r, alpha):
    m = Linear(d_in, d_out)
    m.adapters["lora"] = LoraDelta(d_in, d_out, r, alpha)
    return m


def main():
    torch.manual_seed(0)
    os.makedirs(OUT_DIR, exist_ok=True)
    d, heads, ffn, frames, prefix_len = 32, 4, 64, 7, 3
    gen = torch.Generator().manual_seed(1234)
    x = torch.randn(2, frames, d, generator=gen)
    mask = padded_mask(2, frames, [7, 5])

    # adapter blocks on their own
    run("conv_adapter_d32", ConvAdapter(d), x, seed=1)
    x64 = torch.randn(2, 9, 64, generator=gen)
    run("conv_adapter_d64", ConvAdapter(64), x64, seed=2)
    run("bottleneck_d32", Bottleneck(d, d // 2), x, seed=3)
    run("bottleneck_ln_scaled_d32", Bottleneck(d, 8, layer_norm=True, scaling=0.5), x, seed=4)
    run("lora_linear_32x48", lora_linear(d, 48, r=4, alpha=8), x, seed=5)
    run("prefix_attention_d32", prefix_attention(d, heads, prefix_len), x, mask, seed=6)
    run("prefix_mlp_attention_d32", prefix_attention(d, heads, prefix_len, 16), x, mask, seed=7)

    # whole encoder layers, post-LN and pre-LN
    for pre in (False, True):
        tag = "pre_ln" if pre else "post_ln"

        def layer():
            return EncoderLayer(d, heads, ffn, pre)

        run(f"layer_{tag}_plain", layer(), x, mask, seed=10 + pre)

        m = layer()
        for lin in (m.attention.q_proj, m.attention.k_proj, m.attention.v_proj,
                    m.attention.out_proj, m.feed_forward.intermediate_dense,
                    m.feed_forward.output_dense):
            lin.adapters["a"] = LoraDelta(lin.weight.shape[1], lin.weight.shape[0], 4, 8)
        run(f"layer_{tag}_lora", m, x, mask, seed=20 + pre)

        m = layer()
        m.post_attention.adapters["a"] = Bottleneck(d, d // 2)
        m.post_ffn.adapters["a"] = Bottleneck(d, d // 2)
        run(f"layer_{tag}_bottleneck", m, x, mask, seed=30 + pre)

        m = layer()
        m.post_ffn.adapters["a"] = ConvAdapter(d)
        run(f"layer_{tag}_conv_adapter", m, x, mask, seed=40 + pre)

        m = layer()
        m.attention.adapters["a"] = Prefix(d, prefix_len)
        run(f"layer_{tag}_prefix", m, x, mask, seed=50 + pre)

    # the SURE geometry ratios at D = 64: pre-LN layer with a ConvAdapter (width 32, SE 64 -> 4)
    x64m = torch.randn(2, frames, 64, generator=gen)
    m = EncoderLayer(64, 4, 128, True)
    m.post_ffn.adapters["a"] = ConvAdapter(64)
    run("layer_pre_ln_conv_adapter_d64", m, x64m, mask, seed=60)

    # two pre-LN layers at D = 16 with stacked adapters, all active in this order: LoRA (r 2,
    # alpha 4) on q_proj and v_proj of layer 1 only, prefix (P = 2) in both layers, then at post_ffn
    # a ConvAdapter followed by a bottleneck
    d16 = 16
    enc = Encoder([EncoderLayer(d16, 2, 32, True) for _ in range(2)])
    for i, m in enumerate(enc):
        if i == 1:
            for lin in (m.attention.q_proj, m.attention.v_proj):
                lin.adapters["lora"] = LoraDelta(d16, d16, 2, 4)
        m.attention.adapters["prefix"] = Prefix(d16, 2)
        m.post_ffn.adapters["conv"] = ConvAdapter(d16)
        m.post_ffn.adapters["bottleneck"] = Bottleneck(d16, 8)
    x16 = torch.randn(2, 6, d16, generator=gen)
    run("encoder_2x_pre_ln_stacked_d16", enc, x16, padded_mask(2, 6, [6, 3]), seed=70)


if __name__ == "__main__":
    main()
