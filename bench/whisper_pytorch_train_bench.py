#!/usr/bin/env python3
"""The PyTorch side of the Whisper training-step benchmark (bench/whisper-train.sh runs both sides; the sure4j side
is sure4j-cli's dev.sure4j.cli.bench.WhisperTrainBench).

The model is the plain-torch Whisper of tools/whisper_fixture.py (Hugging Face's WhisperForConditionalGeneration
written from the published architecture) with random weights at the geometry of a config.json. One step is what
sure4j's Whisper training does per optimizer step: teacher-forced logits [B, T, vocab] of a batch of B = 4
utterances of 10 s, each padded with silence to the 30 s window ([4, 80, 3000] log-mel features, the fixture's
log_mel), decoder input ids = the forced prefix <|startoftranscript|><|en|><|transcribe|><|notimestamps|> and 28,
26, 24, 22 text tokens padded with <|endoftext|> to T = 32, labels shifted left with -100 on prefix targets and
padding; cross-entropy with ignore_index -100 (the mean over labelled tokens), backward, AdamW (learning rate 1e-4,
no weight decay). Methods: lora (r 8, alpha 1, on every q_proj and v_proj: encoder self-attention, decoder self-
and cross-attention; PEFT's initialisation, A Kaiming-uniform and B zero) and full (every weight trains, as
sure4j's FullFineTuneSpec.all()). Prints one JSON object per line: the median and minimum ms per step after the
warm-up steps, and the peak RSS.

--check FILE compares with the sure4j side on the committed tiny random Whisper
(adapters-speech/src/test/resources/whisper/tiny-random, rebuilt here from its seed) and a deterministic batch:
FILE holds WhisperTrainBench --check's JSON line (the loss of the first step, and the loss of a second full
fine-tuning step after one AdamW update at learning rate 1e-3, compared with PyTorch in float64: see full_steps);
prints the abs difference of each and fails above 1e-4 (first step) or 1e-3 (second step).

--profile prints, for the last step, the time of each operator (torch.autograd.profiler; inclusive times summed by
operator name, so nested operators count in their callers too, and the autograd engine's backward functions
include the products they run); --trace FILE prints the same table from the Chrome trace of WhisperTrainBench's
last step (its fifth argument) and exits.

Usage: whisper_pytorch_train_bench.py --config bench/whisper-base-config.json --method lora|full [--repeats 5]
       [--warmup 2] [--threads 2] [--profile]
       whisper_pytorch_train_bench.py --check FILE [--threads 2]
       whisper_pytorch_train_bench.py --trace FILE
"""

import argparse
import collections
import json
import math
import os
import sys
import time

import torch
from torch.nn import functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import whisper_fixture as wf  # noqa: E402
from whisper_pytorch_bench import line  # noqa: E402

BATCH = 4
SECONDS = 10
TEXT_TOKENS = [28, 26, 24, 22]
# Whisper's multilingual <|startoftranscript|><|en|><|transcribe|><|notimestamps|> and <|endoftext|>
BASE_PREFIX, BASE_EOT = [50258, 50259, 50359, 50363], 50257
IGNORE = -100


def targets(prefix, eot):
    """Decoder input ids and labels [B, T] (as sure4j's WhisperTargets lays them out); text token i of utterance b
    is (7 + 37 b + 101 i) mod eot, the same on both sides."""
    texts = [[(7 + 37 * b + 101 * i) % eot for i in range(n)] for b, n in enumerate(TEXT_TOKENS)]
    length = max(len(prefix) + len(t) for t in texts)
    ids, labels = [], []
    for t in texts:
        seq, lab = prefix + t, [IGNORE] * (len(prefix) - 1) + t + [eot]
        ids.append(seq + [eot] * (length - len(seq)))
        labels.append(lab + [IGNORE] * (length - len(lab)))
    return torch.tensor(ids), torch.tensor(labels)


def lora_weights(cfg, r=8, alpha=1.0):
    """PEFT's LoRA on every q_proj and v_proj: {path: (A [r, D], B [D, r], alpha / r)}, trainable."""
    d, lora = cfg["d_model"], {}
    blocks = [f"model.encoder.layers.{i}.self_attn" for i in range(cfg["encoder_layers"])]
    blocks += [f"model.decoder.layers.{i}.{b}" for i in range(cfg["decoder_layers"]) for b in ("self_attn", "encoder_attn")]
    for block in blocks:
        for proj in ("q_proj", "v_proj"):
            a = torch.empty(r, d)
            torch.nn.init.kaiming_uniform_(a, a=math.sqrt(5))
            lora[f"{block}.{proj}"] = (a.requires_grad_(), torch.zeros(d, r, requires_grad=True), alpha / r)
    return lora


def trainable(w, cfg, method):
    """Marks the weights of the method trainable; returns (LoRA dict or None, the optimizer's parameters)."""
    if method == "full":
        for k in w:
            w[k].requires_grad_(True)
        return None, list(w.values())
    lora = lora_weights(cfg)
    return lora, [t for a, b, _ in lora.values() for t in (a, b)]


def step(w, cfg, lora, opt, mel, ids, labels):
    """One optimizer step; returns the loss before the update."""
    logits = wf.decoder(w, cfg, ids, wf.encoder(w, cfg, mel, lora), lora)
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), labels.reshape(-1), ignore_index=IGNORE)
    opt.zero_grad()
    loss.backward()
    opt.step()
    return loss.item()


def check_mel(n_mels, frames):
    """The deterministic features [B, n_mels, frames] of the check, as WhisperTrainBench computes them."""
    b = torch.arange(BATCH, dtype=torch.float64)[:, None, None]
    m = torch.arange(n_mels, dtype=torch.float64)[None, :, None]
    f = torch.arange(frames, dtype=torch.float64)[None, None, :]
    return (0.5 * torch.sin(0.37 * m + 0.011 * f + b)).float()


def check(path):
    d = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", wf.OUT, "tiny-random")
    with open(os.path.join(d, "config.json")) as f:
        cfg = json.load(f)
    with open(os.path.join(d, "generation_config.json")) as f:
        gen_cfg = json.load(f)
    ids, labels = targets(wf.prompt(gen_cfg), gen_cfg["eos_token_id"])
    mel = check_mel(cfg["num_mel_bins"], 2 * cfg["max_source_positions"])
    w = wf.random_weights(cfg, torch.Generator().manual_seed(wf.SEED))
    batched = wf.decoder(w, cfg, ids, wf.encoder(w, cfg, mel))
    single = torch.stack([wf.decoder(w, cfg, ids[b], wf.encoder(w, cfg, mel[b])) for b in range(BATCH)])
    print(f"check: batched vs per-utterance fixture logits, max abs difference "
          f"{(batched - single).abs().max().item():.3g}", file=sys.stderr)
    first, second = full_steps(cfg, mel, ids, labels, torch.float32)
    _, exact = full_steps(cfg, mel, ids, labels, torch.float64)
    with open(path) as f:
        theirs = json.loads(f.read())
    d1, d2 = abs(first - theirs["loss_step1"]), abs(exact - theirs["loss_full_step2"])
    print(f"check: loss of step 1 sure4j {theirs['loss_step1']:.6f} PyTorch {first:.6f}, max abs difference {d1:.3g};"
          f" full fine-tuning step 2 sure4j {theirs['loss_full_step2']:.6f} PyTorch float64 {exact:.6f},"
          f" max abs difference {d2:.3g} (PyTorch float32 {second:.6f})", file=sys.stderr)
    if d1 > 1e-4 or d2 > 1e-3:
        sys.exit(f"check failed: {d1} > 1e-4 or {d2} > 1e-3")


def full_steps(cfg, mel, ids, labels, dtype):
    """The losses of two full fine-tuning steps (AdamW, learning rate 1e-3) on the check's model, in dtype. The
    second is compared in float64: AdamW's first update divides each gradient element by its own magnitude, so the
    elements whose float32 gradient is rounding noise move by up to the learning rate either way, which shifts the
    float32 loss of the second step by about 0.02 from run to run."""
    w = {k: v.to(dtype) for k, v in wf.random_weights(cfg, torch.Generator().manual_seed(wf.SEED)).items()}
    _, params = trainable(w, cfg, "full")
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.0)
    return [step(w, cfg, None, opt, mel.to(dtype), ids, labels) for _ in range(2)]


def top_ops(events, count=15):
    """Prints the operators with the largest summed time: events are (name, microseconds) pairs."""
    total, calls = collections.Counter(), collections.Counter()
    for name, us in events:
        total[name] += us
        calls[name] += 1
    print("| operator | calls | ms (inclusive) |\n|---|---:|---:|", file=sys.stderr)
    for name, us in total.most_common(count):
        print(f"| {name} | {calls[name]} | {us / 1e3:.0f} |", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config")
    ap.add_argument("--method", choices=["lora", "full"])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--check")
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--trace")
    args = ap.parse_args()
    if args.trace:
        with open(args.trace) as f:
            trace = json.load(f)
        trace = trace["traceEvents"] if isinstance(trace, dict) else trace
        top_ops((e["name"], e.get("dur", 0)) for e in trace if e.get("ph") == "X")
        return
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    if args.check:
        check(args.check)
        return
    with open(args.config) as f:
        cfg = json.load(f)
    w = wf.random_weights(cfg, torch.Generator().manual_seed(0))
    gen = torch.Generator().manual_seed(1)
    mel = torch.stack([wf.log_mel((0.1 * torch.randn(SECONDS * 16000, generator=gen)).numpy(), cfg["num_mel_bins"])
                       for _ in range(BATCH)])
    ids, labels = targets(BASE_PREFIX, BASE_EOT)
    lora, params = trainable(w, cfg, args.method)
    opt = torch.optim.AdamW(params, lr=1e-4, weight_decay=0.0)
    times = []
    steps = args.warmup + args.repeats
    for i in range(steps):
        profile = torch.autograd.profiler.profile(enabled=args.profile and i == steps - 1)
        with profile:
            t0 = time.perf_counter()
            step(w, cfg, lora, opt, mel, ids, labels)
            elapsed = (time.perf_counter() - t0) * 1e3
        if i >= args.warmup:
            times.append(elapsed)
    if args.profile:
        top_ops((e.name, e.cpu_time_total) for e in profile.function_events)
    print(line("step", args.method, times, args.threads), flush=True)


if __name__ == "__main__":
    main()
