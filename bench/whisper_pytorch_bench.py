#!/usr/bin/env python3
"""The PyTorch side of the Whisper benchmark (bench/whisper.sh runs both sides; the sure4j side is
sure4j-cli's dev.sure4j.cli.bench.WhisperBench).

The model is the plain-torch Whisper of tools/whisper_fixture.py (Hugging Face's WhisperForConditionalGeneration
written from the published architecture; sure4j's Whisper parity tests compare against it) with random weights at
the geometry of a config.json. Measures, as WhisperBench does: one encoder pass over a 30 s window ([80, 3000]
log-mel features), and greedy decoding one token at a time through a key-value cache kept as Hugging Face keeps
it (cross-attention keys and values computed once per utterance, self-attention keys and values concatenated at
each step), as the mean ms per token in each window of positions. A step is the decoder over one new token, the
logits against the tied embedding and their argmax, read back as the next token. Prints one JSON object per line.

Before measuring, --check compares the cached decoder with the fixture's teacher-forced decoder (which recomputes
the whole prefix) on a small random model and prints the max abs difference of the logits.

Usage: whisper_pytorch_bench.py --config bench/whisper-base-config.json --windows 1-11,100-110 [--repeats 5]
       [--threads 2] [--check]
"""

import argparse
import json
import math
import os
import resource
import sys
import time

import torch
from torch.nn import functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from whisper_fixture import decoder, encoder, ffn, layer_norm, linear, random_weights  # noqa: E402


def split_heads(x, heads):
    """[T, D] -> [heads, T, head_dim]."""
    return x.reshape(x.shape[0], heads, -1).transpose(0, 1)


def cross_cache(w, cfg, enc):
    """Every decoder layer's cross-attention keys and values [heads, S, head_dim], computed once."""
    heads = cfg["decoder_attention_heads"]
    out = []
    for i in range(cfg["decoder_layers"]):
        p = f"model.decoder.layers.{i}.encoder_attn"
        out.append((split_heads(linear(w, p + ".k_proj", enc), heads), split_heads(linear(w, p + ".v_proj", enc), heads)))
    return out


def attend(w, p, q_in, k, v, heads):
    """Attention of new positions q_in [T, D] over cached keys/values [heads, S, head_dim] (no mask: the new
    positions come last, one at a time)."""
    t_len, d = q_in.shape
    q = split_heads(linear(w, p + ".q_proj", q_in) * (d // heads) ** -0.5, heads)
    ctx = (q @ k.transpose(1, 2)).softmax(-1) @ v
    return linear(w, p + ".out_proj", ctx.transpose(0, 1).reshape(t_len, d))


def decode_step(w, cfg, token, pos, cross, self_kv):
    """Logits [1, vocab] of one new token at position pos; appends its keys and values to self_kv."""
    heads = cfg["decoder_attention_heads"]
    emb = w["model.decoder.embed_tokens.weight"]
    scale = math.sqrt(cfg["d_model"]) if cfg["scale_embedding"] else 1.0
    h = emb[token][None] * scale + w["model.decoder.embed_positions.weight"][pos : pos + 1]
    for i in range(cfg["decoder_layers"]):
        p = f"model.decoder.layers.{i}"
        a = layer_norm(w, p + ".self_attn_layer_norm", h)
        k = split_heads(linear(w, p + ".self_attn.k_proj", a), heads)
        v = split_heads(linear(w, p + ".self_attn.v_proj", a), heads)
        if self_kv[i] is not None:
            k, v = torch.cat([self_kv[i][0], k], 1), torch.cat([self_kv[i][1], v], 1)
        self_kv[i] = (k, v)
        h = h + attend(w, p + ".self_attn", a, k, v, heads)
        a = layer_norm(w, p + ".encoder_attn_layer_norm", h)
        h = h + attend(w, p + ".encoder_attn", a, cross[i][0], cross[i][1], heads)
        h = h + ffn(w, p, layer_norm(w, p + ".final_layer_norm", h))
    return layer_norm(w, "model.decoder.layer_norm", h) @ emb.T


def greedy_times(w, cfg, enc, windows):
    """Mean ms per token in each window, greedy from the decoder start token."""
    last = windows[-1][1]
    cross = cross_cache(w, cfg, enc)
    self_kv = [None] * cfg["decoder_layers"]
    token, step_ms = cfg["decoder_start_token_id"], []
    for pos in range(last):
        t0 = time.perf_counter()
        token = int(decode_step(w, cfg, token, pos, cross, self_kv).argmax(-1)[0])
        step_ms.append((time.perf_counter() - t0) * 1e3)
    return [sum(step_ms[a:b]) / (b - a) for a, b in windows]


def check():
    """The cached decoder against the fixture's teacher-forced one, on a small random model."""
    cfg = dict(d_model=64, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4, decoder_attention_heads=4,
               encoder_ffn_dim=128, decoder_ffn_dim=128, num_mel_bins=80, max_source_positions=1500,
               max_target_positions=448, vocab_size=500, scale_embedding=False, decoder_start_token_id=1)
    w = random_weights(cfg, torch.Generator().manual_seed(1))
    enc = encoder(w, cfg, torch.randn(80, 3000, generator=torch.Generator().manual_seed(2)))
    ids = torch.randint(0, 500, (12,), generator=torch.Generator().manual_seed(3))
    reference = decoder(w, cfg, ids, enc)
    cross, self_kv = cross_cache(w, cfg, enc), [None] * cfg["decoder_layers"]
    cached = torch.cat([decode_step(w, cfg, int(t), pos, cross, self_kv) for pos, t in enumerate(ids)])
    diff = (cached - reference).abs().max().item()
    print(f"check: cached decoding vs teacher-forced logits, max abs difference {diff:.3g}", file=sys.stderr)
    if diff > 1e-4:
        sys.exit(f"check failed: {diff} > 1e-4")


def line(measure, what, times, threads):
    s = sorted(times)
    return json.dumps({"side": "pytorch", "torch": torch.__version__, "measure": measure, "what": what,
                       "threads": threads, "median_ms": round(s[len(s) // 2], 2), "min_ms": round(s[0], 2),
                       "repeats": len(s),
                       "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--windows", required=True)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    if args.check:
        check()
    with open(args.config) as f:
        cfg = json.load(f)
    windows = [tuple(map(int, part.split("-"))) for part in args.windows.split(",")]
    with torch.inference_mode():
        w = random_weights(cfg, torch.Generator().manual_seed(0))
        mel = torch.randn(cfg["num_mel_bins"], 2 * cfg["max_source_positions"])
        enc_ms, dec_ms = [], []
        for r in range(args.repeats + 1):
            t0 = time.perf_counter()
            enc = encoder(w, cfg, mel)
            elapsed = (time.perf_counter() - t0) * 1e3
            per_token = greedy_times(w, cfg, enc, windows)
            if r > 0:  # the first pass warms up
                enc_ms.append(elapsed)
                dec_ms.append(per_token)
    print(line("encoder", "30 s window", enc_ms, args.threads), flush=True)
    for i, (a, b) in enumerate(windows):
        print(line("decode", f"tokens {a}-{b}", [run[i] for run in dec_ms], args.threads), flush=True)


if __name__ == "__main__":
    main()
