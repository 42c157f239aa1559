#!/usr/bin/env python3
"""Writes the Whisper parity fixtures for dev.sure4j.speech.whisper.

Builds a tiny random Whisper (the layout of Hugging Face's WhisperForConditionalGeneration, written here in plain
torch: no transformers package is needed), a small byte-level BPE tokenizer with Whisper's special tokens, and the
reference outputs, under adapters-speech/src/test/resources/whisper/:

    tiny-random/config.json               WhisperConfig field names
    tiny-random/model.safetensors         HF tensor names (model.encoder.*, model.decoder.*), float16; proj_out is
                                          tied to model.decoder.embed_tokens and, as HF saves it, not stored
    tiny-random/generation_config.json    decoder_start_token_id, forced_decoder_ids, suppress_tokens, ...
    tiny-random/preprocessor_config.json  WhisperFeatureExtractor fields
    tiny-random/vocab.json, merges.txt, added_tokens.json, special_tokens_map.json, tokenizer_config.json
    reference.safetensors                 the reference tensors (names below)
    tokenizer_cases.json                  texts and their ids from the reference BPE below

Reference tensors (float32 unless said otherwise), for the committed 0.8 s test audio
audio/mel/speech_c_16k.wav padded to 30 s:
    mel80.head, mel128.head     log-mel [n_mels, 128], the first 128 of 3000 frames (openai-whisper's
                                log_mel_spectrogram, which WhisperFeatureExtractor matches)
    mel80.tail, mel128.tail     [1] the value every frame from 128 on holds (checked constant here)
    encoder.head, encoder.tail  the encoder's last hidden state [1500, d_model]: rows 0-63 and 1436-1499
    decoder.input_ids           I64 [T], a fixed token sequence
    decoder.logits              teacher-forced logits [T, vocab_size]
    greedy.ids                  I64, greedy ids (prompt included) with the generation config's rules
    beam.ids                    I64, beam search ids (num_beams 3, length_penalty 1.0)
    alt_eos.token, alt_eos.greedy.ids, alt_eos.beam.ids   I64, the same with another token as eos_token_id (the
                                random model never emits <|endoftext|>), so that decoding stops on it
    lora.logits                 teacher-forced logits with the PEFT LoRA of lora/ applied (encoder and decoder)
    lora/adapter_config.json, lora/adapter_model.safetensors   a PEFT-layout LoRA (r 4, alpha 8) on every q_proj and
                                                               v_proj (encoder self-attention, decoder self- and
                                                               cross-attention)

Usage (from the repository root): /usr/bin/python3 tools/whisper_fixture.py
Requires PyTorch (tested with 1.13) and NumPy.
"""

import json
import math
import os
import re
import sys
import wave

import numpy as np
import torch
from torch.nn import functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from safetensors_fixture import write_safetensors  # noqa: E402

OUT = "adapters-speech/src/test/resources/whisper"
AUDIO = "adapters-speech/src/test/resources/audio/mel/speech_c_16k.wav"
SEED = 26
HEAD_FRAMES = 128
ENC_ROWS = 64

# ---------------------------------------------------------------------------------------------- front end


def hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, math.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-10) / min_log_hz) / logstep, f / f_sp)


def mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    f_sp, min_log_hz = 200.0 / 3, 1000.0
    min_log_mel, logstep = min_log_hz / f_sp, math.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), f_sp * m)


def mel_filters(sr, n_fft, n_mels):
    """librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=n_mels) (slaney scale, slaney norm), float32 [n_mels, bins]."""
    fftfreqs = np.linspace(0, sr / 2, 1 + n_fft // 2)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(sr / 2), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fftfreqs[None, :]
    weights = np.zeros((n_mels, len(fftfreqs)))
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels]))[:, None]
    return weights.astype(np.float32)


def log_mel(audio, n_mels):
    """openai-whisper's log_mel_spectrogram after pad_or_trim to 30 s: float32 [n_mels, 3000]."""
    x = torch.zeros(480000)
    n = min(len(audio), 480000)
    x[:n] = torch.from_numpy(audio[:n])
    stft = torch.stft(x, 400, 160, window=torch.hann_window(400), center=True, pad_mode="reflect",
                      return_complex=True)
    magnitudes = stft[..., :-1].abs() ** 2
    mel = torch.from_numpy(mel_filters(16000, 400, n_mels)) @ magnitudes
    log_spec = torch.clamp(mel, min=1e-10).log10()
    log_spec = torch.maximum(log_spec, log_spec.max() - 8.0)
    return (log_spec + 4.0) / 4.0


def read_wav(path):
    with wave.open(path) as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1 and w.getframerate() == 16000
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return pcm.astype(np.float32) / 32768.0


# ---------------------------------------------------------------------------------------------- tokenizer


def bytes_to_unicode():
    """GPT-2's reversible byte -> printable unicode map."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


# GPT-2's pattern  's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+  spelled for Python's re
# (no regex package): a letter is [^\W\d_], a number \d, anything else that is not a space (?:[^\s\w]|_)
PAT = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+""")


def pre_tokenize(text):
    return PAT.findall(text)


BYTE_ENCODER = bytes_to_unicode()

CORPUS = ("the quick brown fox jumps over the lazy dog. she sells sea shells by the sea shore; "
          "peter piper picked a peck of pickled peppers. hello world, this is whisper on the jvm! "
          "the rain in spain stays mainly in the plain. to be or not to be, that is the question.")
N_MERGES = 64


def learn_merges(text, n_merges):
    words = {}
    for w in pre_tokenize(text):
        key = tuple(BYTE_ENCODER[b] for b in w.encode("utf-8"))
        words[key] = words.get(key, 0) + 1
    merges = []
    for _ in range(n_merges):
        pairs = {}
        for w, c in words.items():
            for a, b in zip(w, w[1:]):
                pairs[(a, b)] = pairs.get((a, b), 0) + c
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        merges.append(best)
        new = {}
        for w, c in words.items():
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and (w[i], w[i + 1]) == best:
                    out.append(w[i] + w[i + 1])
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            new[tuple(out)] = new.get(tuple(out), 0) + c
        words = new
    return merges


def bpe(token, ranks):
    word = list(token)
    while len(word) > 1:
        pairs = [(ranks.get((a, b), math.inf), i) for i, (a, b) in enumerate(zip(word, word[1:]))]
        rank, _ = min(pairs)
        if rank == math.inf:
            break
        a, b = [p for p, r in ranks.items() if r == rank][0]
        out, i = [], 0
        while i < len(word):
            if i + 1 < len(word) and word[i] == a and word[i + 1] == b:
                out.append(a + b)
                i += 2
            else:
                out.append(word[i])
                i += 1
        word = out
    return word


def encode(text, vocab, ranks):
    ids = []
    for piece in pre_tokenize(text):
        mapped = "".join(BYTE_ENCODER[b] for b in piece.encode("utf-8"))
        ids.extend(vocab[t] for t in bpe(mapped, ranks))
    return ids


def build_tokenizer():
    merges = learn_merges(CORPUS, N_MERGES)
    vocab = {}
    for b in range(256):
        vocab[BYTE_ENCODER[b]] = len(vocab)
    for a, b in merges:
        vocab[a + b] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    specials = ["<|startoftranscript|>", "<|en|>", "<|de|>", "<|fr|>", "<|translate|>", "<|transcribe|>",
                "<|startoflm|>", "<|startofprev|>", "<|nocaptions|>", "<|notimestamps|>"]
    specials += ["<|%.2f|>" % (i * 0.02) for i in range(51)]
    added = {}
    for s in specials:
        added[s] = len(vocab) + len(added)
    return vocab, merges, added


# ---------------------------------------------------------------------------------------------- model

CONFIG = {
    "architectures": ["WhisperForConditionalGeneration"],
    "model_type": "whisper",
    "d_model": 32,
    "encoder_layers": 2,
    "decoder_layers": 2,
    "encoder_attention_heads": 4,
    "decoder_attention_heads": 4,
    "encoder_ffn_dim": 64,
    "decoder_ffn_dim": 64,
    "num_mel_bins": 80,
    "max_source_positions": 1500,
    "max_target_positions": 448,
    "activation_function": "gelu",
    "scale_embedding": False,
    "dropout": 0.0,
    "attention_dropout": 0.0,
    "activation_dropout": 0.0,
    "tie_word_embeddings": True,
    "torch_dtype": "float16",
}


def random_weights(cfg, gen):
    d, v = cfg["d_model"], cfg["vocab_size"]

    def t(*shape, std=0.2):
        return (torch.randn(*shape, generator=gen) * std).half().float()

    def ln():
        return (1.0 + t(d, std=0.1)).half().float(), t(d, std=0.1)

    w = {}
    w["model.encoder.conv1.weight"] = t(d, cfg["num_mel_bins"], 3, std=0.1)
    w["model.encoder.conv1.bias"] = t(d)
    w["model.encoder.conv2.weight"] = t(d, d, 3, std=0.1)
    w["model.encoder.conv2.bias"] = t(d)
    w["model.encoder.embed_positions.weight"] = t(cfg["max_source_positions"], d, std=0.5)

    def attn(p, ffn):
        for n in ("k_proj", "v_proj", "q_proj", "out_proj"):
            w[f"{p}.{n}.weight"] = t(d, d)
            if n != "k_proj":
                w[f"{p}.{n}.bias"] = t(d, std=0.1)

    def layer(p, ffn, cross):
        attn(p + ".self_attn", ffn)
        w[p + ".self_attn_layer_norm.weight"], w[p + ".self_attn_layer_norm.bias"] = ln()
        if cross:
            attn(p + ".encoder_attn", ffn)
            w[p + ".encoder_attn_layer_norm.weight"], w[p + ".encoder_attn_layer_norm.bias"] = ln()
        w[p + ".fc1.weight"], w[p + ".fc1.bias"] = t(ffn, d), t(ffn, std=0.1)
        w[p + ".fc2.weight"], w[p + ".fc2.bias"] = t(d, ffn, std=0.15), t(d, std=0.1)
        w[p + ".final_layer_norm.weight"], w[p + ".final_layer_norm.bias"] = ln()

    for i in range(cfg["encoder_layers"]):
        layer(f"model.encoder.layers.{i}", cfg["encoder_ffn_dim"], False)
    w["model.encoder.layer_norm.weight"], w["model.encoder.layer_norm.bias"] = ln()
    w["model.decoder.embed_tokens.weight"] = t(v, d, std=0.5)
    w["model.decoder.embed_positions.weight"] = t(cfg["max_target_positions"], d, std=1.0)
    for i in range(cfg["decoder_layers"]):
        layer(f"model.decoder.layers.{i}", cfg["decoder_ffn_dim"], True)
    w["model.decoder.layer_norm.weight"], w["model.decoder.layer_norm.bias"] = ln()
    return w


def linear(w, p, x, lora=None):
    y = F.linear(x, w[p + ".weight"], w.get(p + ".bias"))
    if lora is not None and p in lora:
        a, b, scale = lora[p]
        y = y + scale * F.linear(F.linear(x, a), b)
    return y


def attention(w, p, x, kv, heads, causal, lora=None, prefix=None):
    """HF WhisperAttention: q * head_dim^-0.5, k_proj without bias; x [T, D], kv [S, D], or a batch of them
    ([B, T, D] and [B, S, D]). prefix, when given, is prefix tuning's (keys, values) [P, D], put in front of the
    projected keys and values (where HF puts past_key_values) and visible to every query."""
    *lead, t_len, d = x.shape
    hd = d // heads
    q = linear(w, p + ".q_proj", x, lora) * hd ** -0.5
    k = linear(w, p + ".k_proj", kv, lora)
    v = linear(w, p + ".v_proj", kv, lora)
    n_prefix = 0
    if prefix is not None:
        n_prefix = prefix[0].shape[0]
        k, v = (torch.cat([pre.expand(*lead, *pre.shape), a], -2) for pre, a in zip(prefix, (k, v)))
    s_len = k.shape[-2]
    q, k, v = (a.reshape(*a.shape[:-1], heads, hd).transpose(-2, -3) for a in (q, k, v))
    scores = q @ k.transpose(-1, -2)
    if causal:
        # query i sees the prefix and positions 0..i
        mask = torch.triu(torch.ones(t_len, s_len, dtype=torch.bool), diagonal=1 + n_prefix)
        scores = scores.masked_fill(mask, float("-inf"))
    ctx = scores.softmax(-1) @ v
    return linear(w, p + ".out_proj", ctx.transpose(-2, -3).reshape(*lead, t_len, d), lora)


def layer_norm(w, p, x):
    return F.layer_norm(x, (x.shape[-1],), w[p + ".weight"], w[p + ".bias"], 1e-5)


def ffn(w, p, x, lora=None):
    return linear(w, p + ".fc2", F.gelu(linear(w, p + ".fc1", x, lora)), lora)


def encoder(w, cfg, mel, lora=None):
    """The last hidden state [S, D] of mel [n_mels, frames], or [B, S, D] of a batch [B, n_mels, frames]."""
    x = mel if mel.dim() == 3 else mel[None]
    x = F.gelu(F.conv1d(x, w["model.encoder.conv1.weight"], w["model.encoder.conv1.bias"], padding=1))
    x = F.gelu(F.conv1d(x, w["model.encoder.conv2.weight"], w["model.encoder.conv2.bias"], stride=2, padding=1))
    h = x.transpose(1, 2) + w["model.encoder.embed_positions.weight"][: x.shape[2]]
    h = h if mel.dim() == 3 else h[0]
    for i in range(cfg["encoder_layers"]):
        p = f"model.encoder.layers.{i}"
        a = layer_norm(w, p + ".self_attn_layer_norm", h)
        h = h + attention(w, p + ".self_attn", a, a, cfg["encoder_attention_heads"], False, lora)
        h = h + ffn(w, p, layer_norm(w, p + ".final_layer_norm", h), lora)
    return layer_norm(w, "model.encoder.layer_norm", h)


def decoder(w, cfg, ids, enc, lora=None):
    """Teacher-forced logits [T, vocab] for ids [T] (no cache: the reference recomputes the whole prefix), or
    [B, T, vocab] for ids [B, T] and enc [B, S, D]."""
    scale = math.sqrt(cfg["d_model"]) if cfg["scale_embedding"] else 1.0
    emb = w["model.decoder.embed_tokens.weight"]
    h = emb[ids] * scale + w["model.decoder.embed_positions.weight"][: ids.shape[-1]]
    heads = cfg["decoder_attention_heads"]
    for i in range(cfg["decoder_layers"]):
        p = f"model.decoder.layers.{i}"
        a = layer_norm(w, p + ".self_attn_layer_norm", h)
        h = h + attention(w, p + ".self_attn", a, a, heads, True, lora)
        a = layer_norm(w, p + ".encoder_attn_layer_norm", h)
        h = h + attention(w, p + ".encoder_attn", a, enc, heads, False, lora)
        h = h + ffn(w, p, layer_norm(w, p + ".final_layer_norm", h), lora)
    return layer_norm(w, "model.decoder.layer_norm", h) @ emb.T


def processed_log_probs(logits, gen_cfg, step):
    """Applies suppress_tokens (always) and begin_suppress_tokens (first generated step), then log_softmax."""
    logits = logits.clone()
    logits[gen_cfg["suppress_tokens"]] = float("-inf")
    if step == 0:
        logits[gen_cfg["begin_suppress_tokens"]] = float("-inf")
    return logits.log_softmax(-1)


def prompt(gen_cfg):
    ids = [gen_cfg["decoder_start_token_id"]]
    for pos, tok in sorted(gen_cfg["forced_decoder_ids"]):
        assert pos == len(ids)
        ids.append(tok)
    return ids


def greedy(w, cfg, gen_cfg, enc, max_new, after=None, lora=None):
    """after(log_probs, ids), when given, further processes each step's log-probabilities (timestamp rules);
    lora applies a LoRA in the decoder (enc must then come from the encoder with the same LoRA)."""
    ids = prompt(gen_cfg)
    for step in range(max_new):
        lp = processed_log_probs(decoder(w, cfg, torch.tensor(ids), enc, lora)[-1], gen_cfg, step)
        lp = after(lp, ids) if after else lp
        nxt = int(lp.argmax())
        ids.append(nxt)
        if nxt == gen_cfg["eos_token_id"]:
            break
    return ids


def beam_search(w, cfg, gen_cfg, enc, beams, max_new, length_penalty=1.0, after=None):
    """HF generate(num_beams=beams, length_penalty, early_stopping=False) over the prompt; a finished hypothesis
    scores sum(log p) / (generated tokens ** length_penalty), the prompt not counted; when max_new is reached the
    open beams are finalised the same way and the best hypothesis wins."""
    eos = gen_cfg["eos_token_id"]
    start = prompt(gen_cfg)
    seqs, scores = [start], torch.zeros(1)
    done = []  # (score, ids)
    for step in range(max_new):
        lps = [processed_log_probs(decoder(w, cfg, torch.tensor(s), enc)[-1], gen_cfg, step) for s in seqs]
        lps = torch.stack([after(lp, s) for lp, s in zip(lps, seqs)] if after else lps)
        total = (lps + scores[:, None]).flatten()
        top = torch.topk(total, 2 * beams)
        vocab = lps.shape[1]
        nseqs, nscores = [], []
        for rank, (val, idx) in enumerate(zip(top.values.tolist(), top.indices.tolist())):
            b, tok = divmod(idx, vocab)
            if tok == eos:
                if rank < beams:
                    done.append((val / ((step + 1) ** length_penalty), seqs[b] + [tok]))
                continue
            nseqs.append(seqs[b] + [tok])
            nscores.append(val)
            if len(nseqs) == beams:
                break
        seqs, scores = nseqs, torch.tensor(nscores)
        if len(done) >= beams:
            best_open = scores.max().item() / ((step + 1) ** length_penalty)
            worst_done = sorted(d[0] for d in done)[-beams]
            if worst_done >= best_open:
                break
    for s, sc in zip(seqs, scores.tolist()):
        done.append((sc / ((len(s) - len(start)) ** length_penalty), s))
    return max(done, key=lambda d: d[0])[1]


# ---------------------------------------------------------------------------------------------- main


def read_configs():
    """The committed tiny model's config.json and generation_config.json, as dicts."""
    d = OUT + "/tiny-random/"
    with open(d + "config.json") as f:
        cfg = json.load(f)
    with open(d + "generation_config.json") as f:
        return cfg, json.load(f)


def main():
    os.makedirs(OUT + "/tiny-random", exist_ok=True)
    os.makedirs(OUT + "/lora", exist_ok=True)
    vocab, merges, added = build_tokenizer()
    specials = {**vocab, **added}
    cfg = dict(CONFIG)
    cfg["vocab_size"] = len(vocab) + len(added)
    eot, sot = vocab["<|endoftext|>"], added["<|startoftranscript|>"]
    cfg.update(bos_token_id=eot, eos_token_id=eot, pad_token_id=eot, decoder_start_token_id=sot)
    gen_cfg = {
        "decoder_start_token_id": sot,
        "bos_token_id": eot,
        "eos_token_id": eot,
        "pad_token_id": eot,
        "forced_decoder_ids": [[1, added["<|en|>"]], [2, added["<|transcribe|>"]], [3, added["<|notimestamps|>"]]],
        "suppress_tokens": [vocab[BYTE_ENCODER[ord(c)]] for c in "#()*+/<=>@[\\]^_`{|}~"]
        + [added[t] for t in ("<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>", "<|nocaptions|>")],
        "begin_suppress_tokens": [vocab["Ġ"], eot],
        "no_timestamps_token_id": added["<|notimestamps|>"],
        "lang_to_id": {t: added[t] for t in ("<|en|>", "<|de|>", "<|fr|>")},
        "task_to_id": {"transcribe": added["<|transcribe|>"], "translate": added["<|translate|>"]},
        "is_multilingual": True,
        "max_length": 448,
    }
    d = OUT + "/tiny-random/"
    with open(d + "config.json", "w") as f:
        json.dump(cfg, f, indent=2)
    with open(d + "generation_config.json", "w") as f:
        json.dump(gen_cfg, f, indent=2)
    with open(d + "preprocessor_config.json", "w") as f:
        json.dump({"feature_extractor_type": "WhisperFeatureExtractor", "feature_size": 80, "sampling_rate": 16000,
                   "hop_length": 160, "n_fft": 400, "chunk_length": 30, "n_samples": 480000,
                   "nb_max_frames": 3000, "padding_side": "right", "padding_value": 0.0,
                   "return_attention_mask": False, "processor_class": "WhisperProcessor"}, f, indent=2)
    with open(d + "vocab.json", "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False, indent=1)
    with open(d + "merges.txt", "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))
    with open(d + "added_tokens.json", "w", encoding="utf-8") as f:
        json.dump(added, f, indent=1)
    with open(d + "special_tokens_map.json", "w") as f:
        json.dump({"bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>", "pad_token": "<|endoftext|>",
                   "unk_token": "<|endoftext|>", "additional_special_tokens": list(added)}, f, indent=1)
    with open(d + "tokenizer_config.json", "w") as f:
        json.dump({"tokenizer_class": "WhisperTokenizer", "add_prefix_space": False, "errors": "replace",
                   "model_max_length": 1024}, f, indent=1)

    gen = torch.Generator().manual_seed(SEED)
    w = random_weights(cfg, gen)
    write_safetensors(d + "model.safetensors", {k: v.numpy().astype(np.float16) for k, v in w.items()},
                      sort=True, metadata={"format": "pt"})

    ref = {}
    audio = read_wav(AUDIO)
    for n_mels in (80, 128):
        m = log_mel(audio, n_mels)
        tail = m[:, HEAD_FRAMES:]
        assert torch.all(tail == tail[0, 0]), "frames after the audio are expected constant"
        ref[f"mel{n_mels}.head"] = m[:, :HEAD_FRAMES].numpy()
        ref[f"mel{n_mels}.tail"] = tail[0, :1].numpy()
        if n_mels == 80:
            mel80 = m
    with torch.no_grad():
        enc = encoder(w, cfg, mel80)
        ref["encoder.head"] = enc[:ENC_ROWS].numpy()
        ref["encoder.tail"] = enc[-ENC_ROWS:].numpy()
        ids = prompt(gen_cfg) + encode(" hello world", vocab, merges_rank(merges)) + [eot]
        ref["decoder.input_ids"] = np.array(ids, dtype=np.int64)
        ref["decoder.logits"] = decoder(w, cfg, torch.tensor(ids), enc).numpy()
        ref["greedy.ids"] = np.array(greedy(w, cfg, gen_cfg, enc, 12), dtype=np.int64)
        ref["beam.ids"] = np.array(beam_search(w, cfg, gen_cfg, enc, 3, 12), dtype=np.int64)
        # the random model never ends with <|endoftext|>: with another end token the finished-hypothesis paths run
        alt = dict(gen_cfg, eos_token_id=int(ref["greedy.ids"][7]))
        ref["alt_eos.token"] = np.array([alt["eos_token_id"]], dtype=np.int64)
        ref["alt_eos.greedy.ids"] = np.array(greedy(w, cfg, alt, enc, 12), dtype=np.int64)
        ref["alt_eos.beam.ids"] = np.array(beam_search(w, cfg, alt, enc, 3, 12), dtype=np.int64)
        lora, peft = lora_weights(cfg, gen)
        ref["lora.logits"] = decoder(w, cfg, torch.tensor(ids), encoder(w, cfg, mel80, lora), lora).numpy()
    print("greedy", ref["greedy.ids"].tolist())
    print("beam", ref["beam.ids"].tolist())
    print("end token", ref["alt_eos.token"].tolist(), "greedy", ref["alt_eos.greedy.ids"].tolist(), "beam",
          ref["alt_eos.beam.ids"].tolist())
    write_safetensors(OUT + "/reference.safetensors", ref)
    write_safetensors(OUT + "/lora/adapter_model.safetensors", peft, sort=True, metadata={"format": "pt"})
    with open(OUT + "/lora/adapter_config.json", "w") as f:
        json.dump({"peft_type": "LORA", "task_type": None, "r": 4, "lora_alpha": 8, "lora_dropout": 0.0,
                   "bias": "none", "fan_in_fan_out": False, "use_rslora": False, "use_dora": False,
                   "target_modules": ["q_proj", "v_proj"], "layers_to_transform": None, "modules_to_save": None,
                   "base_model_name_or_path": "tiny-random", "inference_mode": True}, f, indent=2)

    cases = []
    ranks = merges_rank(merges)
    for text in ("hello world", " the quick brown fox", "She sells sea-shells, 42 of them!", "naïve café ümlaut",
                 "it's   spaced\tout\nlines", "peter piper's 1234 pickled peppers?"):
        cases.append({"text": text, "ids": encode(text, vocab, ranks)})
    with open(OUT + "/tokenizer_cases.json", "w", encoding="utf-8") as f:
        json.dump(cases, f, ensure_ascii=False, indent=1)


def merges_rank(merges):
    return {m: i for i, m in enumerate(merges)}


def lora_weights(cfg, gen):
    """A PEFT LoRA (r 4, alpha 8, target_modules q_proj and v_proj: every attention block of the encoder and the
    decoder); returns (reference dict, PEFT tensors)."""
    d, r, alpha = cfg["d_model"], 4, 8
    lora, peft = {}, {}
    blocks = [f"model.encoder.layers.{i}.self_attn" for i in range(cfg["encoder_layers"])]
    blocks += [f"model.decoder.layers.{i}.{b}" for i in range(cfg["decoder_layers"]) for b in ("self_attn", "encoder_attn")]
    for block in blocks:
        for proj in ("q_proj", "v_proj"):
            p = f"{block}.{proj}"
            a = torch.randn(r, d, generator=gen) * 0.3
            b = torch.randn(d, r, generator=gen) * 0.3
            lora[p] = (a, b, alpha / r)
            peft[f"base_model.model.{p}.lora_A.weight"] = a.numpy()
            peft[f"base_model.model.{p}.lora_B.weight"] = b.numpy()
    return lora, peft


if __name__ == "__main__":
    main()
