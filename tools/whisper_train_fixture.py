#!/usr/bin/env python3
"""Writes the sequence-to-sequence training fixture for dev.sure4j.speech.whisper.train.

Uses the tiny random Whisper of tools/whisper_fixture.py (run that first; its forward pass is imported from it) and
two utterances of different lengths: the committed 0.8 s test audio audio/mel/speech_c_16k.wav and its first
0.5 s, with the transcripts " hello world" and " the quick brown fox jumps". The batch is laid out as Hugging Face
fine-tuning does: decoder input ids = the forced prefix <|startoftranscript|><|en|><|transcribe|><|notimestamps|>
followed by the text tokens; labels = the input ids shifted left by one with <|endoftext|> appended, -100 where the
target is a prefix token, and, past an utterance's end, input ids padded with <|endoftext|> (pad_token_id) and
labels with -100. The loss is torch.nn.functional.cross_entropy(logits.reshape(-1, V), labels.reshape(-1),
ignore_index=-100, label_smoothing=eps): the mean over the labelled positions.

Writes adapters-speech/src/test/resources/whisper/train_reference.safetensors (float32 unless said otherwise):
    batch.mel.head          [2, 80, 128] the first 128 log-mel frames of each utterance
    batch.mel.tail          [2] the value every later frame holds (checked constant here)
    batch.input_ids         I64 [2, T] decoder input ids
    batch.labels            I64 [2, T] labels
    logits                  [2, T, vocab] teacher-forced logits of the batch
    loss.eps0, loss.eps0.1  [1] the loss without and with label smoothing 0.1
    grad.<parameter>        d loss(eps 0.1) / d parameter after loss.backward(), for the parameters in GRADS

Usage (from the repository root): /usr/bin/python3 tools/whisper_train_fixture.py
Requires PyTorch (tested with 1.13) and NumPy.
"""

import json
import os
import sys

import numpy as np
import torch
from torch.nn import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import whisper_fixture as wf  # noqa: E402
from safetensors_fixture import write_safetensors  # noqa: E402

OUT = wf.OUT + "/train_reference.safetensors"
TEXTS = [" hello world", " the quick brown fox jumps"]
SAMPLES = [None, 8000]  # the whole clip, then its first 0.5 s
GRADS = [
    "model.decoder.layers.1.fc2.weight",
    "model.decoder.embed_tokens.weight",
    "model.encoder.layers.0.self_attn.q_proj.weight",
]
IGNORE = -100


def read_model():
    cfg, gen_cfg = wf.read_configs()
    vocab, merges, added = wf.build_tokenizer()
    w = wf.random_weights(cfg, torch.Generator().manual_seed(wf.SEED))
    return cfg, gen_cfg, vocab, merges, w


def main():
    cfg, gen_cfg, vocab, merges, w = read_model()
    eot = gen_cfg["eos_token_id"]
    prefix = wf.prompt(gen_cfg)
    ranks = wf.merges_rank(merges)
    audio = wf.read_wav(wf.AUDIO)
    mels = [wf.log_mel(audio if n is None else audio[:n], cfg["num_mel_bins"]) for n in SAMPLES]
    texts = [wf.encode(t, vocab, ranks) for t in TEXTS]
    length = max(len(prefix) + len(t) for t in texts)
    ids, labels = [], []
    for t in texts:
        seq = prefix + t
        lab = [IGNORE] * (len(prefix) - 1) + t + [eot]
        ids.append(seq + [eot] * (length - len(seq)))
        labels.append(lab + [IGNORE] * (length - len(lab)))
    ids, labels = torch.tensor(ids), torch.tensor(labels)

    for name in GRADS:
        w[name] = w[name].clone().requires_grad_(True)
    logits = torch.stack([wf.decoder(w, cfg, ids[b], wf.encoder(w, cfg, mels[b])) for b in range(len(texts))])
    flat, target = logits.reshape(-1, logits.shape[-1]), labels.reshape(-1)
    ref = {}
    heads, tails = [], []
    for m in mels:
        tail = m[:, wf.HEAD_FRAMES:]
        assert torch.all(tail == tail[0, 0]), "frames after the audio are expected constant"
        heads.append(m[:, :wf.HEAD_FRAMES].numpy())
        tails.append(float(tail[0, 0]))
    ref["batch.mel.head"] = np.stack(heads)
    ref["batch.mel.tail"] = np.array(tails, dtype=np.float32)
    ref["batch.input_ids"] = ids.numpy().astype(np.int64)
    ref["batch.labels"] = labels.numpy().astype(np.int64)
    ref["logits"] = logits.detach().numpy()
    loss0 = F.cross_entropy(flat, target, ignore_index=IGNORE)
    ref["loss.eps0"] = np.array([loss0.item()], dtype=np.float32)
    loss = F.cross_entropy(flat, target, ignore_index=IGNORE, label_smoothing=0.1)
    ref["loss.eps0.1"] = np.array([loss.item()], dtype=np.float32)
    loss.backward()
    for name in GRADS:
        ref["grad." + name] = w[name].grad.numpy()
    print("input ids", ids.tolist())
    print("labels", labels.tolist())
    print("loss eps 0 %.6f, eps 0.1 %.6f" % (loss0.item(), loss.item()))
    write_safetensors(OUT, {k: v.astype(np.int64) if v.dtype == np.int64 else v.astype(np.float32)
                            for k, v in ref.items()})


if __name__ == "__main__":
    main()
