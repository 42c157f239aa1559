#!/usr/bin/env python3
"""PyTorch side of the sure4j encoder benchmark.

Measures, on the HuBERT-base geometry with random weights and every dropout at 0, the time of one encoder
inference pass and of one training step (forward, backward, AdamW update) per adaptation method, on a batch of
4 utterances x 2 s at 16 kHz. Each method runs in its own process so that peak memory (ru_maxrss) is per method.

Usage: nice python3 bench/pytorch_bench.py [--threads 2] [--repeats 5] > bench-pytorch.jsonl
Needs torch and torchaudio (Debian: python3-torchaudio). Prints one JSON object per line.
"""
import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))

METHODS = ["inference", "full", "lora", "bottleneck", "conv_adapter", "prefix"]


def build_encoder():
    import torchaudio

    return torchaudio.models.wav2vec2_model(
        extractor_mode="group_norm",
        extractor_conv_layer_config=None,
        extractor_conv_bias=False,
        encoder_embed_dim=768,
        encoder_projection_dropout=0.0,
        encoder_pos_conv_kernel=128,
        encoder_pos_conv_groups=16,
        encoder_num_layers=12,
        encoder_num_heads=12,
        encoder_attention_dropout=0.0,
        encoder_ff_interm_features=3072,
        encoder_ff_interm_dropout=0.0,
        encoder_dropout=0.0,
        encoder_layer_norm_first=False,
        encoder_layer_drop=0.0,
        aux_num_out=None,
    )


def adapt(model, method):
    """Injects one method with the SURE reference placements; returns the trainable parameters."""
    import torch
    from torch import nn

    layers = model.encoder.transformer.layers
    if method == "full":
        return list(model.parameters())
    for p in model.parameters():
        p.requires_grad_(False)
    trainable = []
    if method == "lora":

        class LoraLinear(nn.Module):
            def __init__(self, base, r=8, alpha=1.0):
                super().__init__()
                self.base = base
                self.lora_A = nn.Parameter(torch.empty(r, base.in_features))
                self.lora_B = nn.Parameter(torch.zeros(base.out_features, r))
                nn.init.kaiming_uniform_(self.lora_A, a=math.sqrt(5))
                self.scaling = alpha / r

            def forward(self, x):
                return self.base(x) + (x @ self.lora_A.t() @ self.lora_B.t()) * self.scaling

        for layer in layers:
            att = layer.attention
            for name in ["q_proj", "k_proj", "v_proj", "out_proj"]:
                setattr(att, name, LoraLinear(getattr(att, name)))
            ff = layer.feed_forward
            ff.intermediate_dense = LoraLinear(ff.intermediate_dense)
            ff.output_dense = LoraLinear(ff.output_dense)
        trainable = [p for n, p in model.named_parameters() if "lora_" in n]
    elif method in ("bottleneck", "conv_adapter"):
        from torch_adapters import AfterLayer, Bottleneck, ConvAdapter

        d = 768
        make = Bottleneck if method == "bottleneck" else ConvAdapter
        for i in range(len(layers)):
            layers[i] = AfterLayer(layers[i], make(d))
        trainable = [p for n, p in model.named_parameters() if ".adapter." in n]
    elif method == "prefix":
        from torchaudio.models.wav2vec2 import components

        prefix_len = 30
        for layer in layers:
            att = layer.attention
            att.prefix_key = nn.Parameter(torch.randn(prefix_len, att.embed_dim))
            att.prefix_value = nn.Parameter(torch.randn(prefix_len, att.embed_dim))

        def forward(self, x, attention_mask=None):
            b, t, d = x.size()
            h, hd = self.num_heads, self.head_dim
            p = self.prefix_key.size(0)
            q = self.q_proj(x).view(b, t, h, hd).transpose(1, 2)
            k = torch.cat([self.prefix_key.expand(b, p, d), self.k_proj(x)], 1)
            v = torch.cat([self.prefix_value.expand(b, p, d), self.v_proj(x)], 1)
            k = k.view(b, p + t, h, hd).transpose(1, 2)
            v = v.view(b, p + t, h, hd).transpose(1, 2)
            w = (self.scaling * q) @ k.transpose(2, 3)
            w = torch.softmax(w, -1)
            out = (w @ v).transpose(1, 2).reshape(b, t, d)
            return self.out_proj(out)

        components.SelfAttention.forward = forward
        trainable = [p for n, p in model.named_parameters() if "prefix_" in n]
    for p in trainable:
        p.requires_grad_(True)
    return trainable


def run(method, threads, repeats):
    import torch
    from torch import nn

    torch.manual_seed(0)
    torch.set_num_threads(threads)
    model = build_encoder()
    waves = torch.randn(4, 32000)
    times = []
    if method == "inference":
        model.eval()
        with torch.no_grad():
            for i in range(repeats + 2):
                t0 = time.perf_counter()
                model(waves)
                if i >= 2:
                    times.append(time.perf_counter() - t0)
        trainable = 0
    else:
        params = adapt(model, method)
        head = nn.Sequential(nn.Linear(768, 256), nn.Linear(256, 5))
        params = params + list(head.parameters())
        trainable = sum(p.numel() for p in params)
        opt = torch.optim.AdamW(params, lr=1e-4, weight_decay=0.0)
        labels = torch.tensor([0, 1, 2, 3])
        model.train()
        for i in range(repeats + 2):
            t0 = time.perf_counter()
            features, _ = model(waves)
            logits = head[1](head[0](features).mean(1))
            loss = nn.functional.cross_entropy(logits, labels)
            opt.zero_grad()
            loss.backward()
            opt.step()
            if i >= 2:
                times.append(time.perf_counter() - t0)
    return {
        "side": "pytorch",
        "torch": torch.__version__,
        "method": method,
        "threads": threads,
        "median_ms": round(1000 * statistics.median(times), 1),
        "min_ms": round(1000 * min(times), 1),
        "repeats": repeats,
        "trainable_params": trainable,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--method", choices=METHODS)
    args = ap.parse_args()
    if args.method:
        print(json.dumps(run(args.method, args.threads, args.repeats)), flush=True)
        return
    for m in METHODS:
        out = subprocess.run(
            [sys.executable, __file__, "--method", m, "--threads", str(args.threads), "--repeats", str(args.repeats)],
            check=True,
            capture_output=True,
            text=True,
        )
        sys.stdout.write(out.stdout)
        sys.stdout.flush()


if __name__ == "__main__":
    main()
