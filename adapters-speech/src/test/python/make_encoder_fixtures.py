"""Builds the encoder parity fixtures for adapters-speech.

Two small random HuBERT models are built with torchaudio's reference implementation
(torchaudio.models.wav2vec2_model): a group-norm / post-LN one and a layer-norm / pre-LN one, both
with the real 7-layer convolutional geometry (kernels 10,3,3,3,3,2,2, strides 5,2,2,2,2,2,2) and
small widths. Every parameter is randomised, norm affine parameters included. Each model is written
in Hugging Face layout (config.json + model.safetensors with Hugging Face names, the positional
convolution as weight_g / weight_v), and its reference hidden states are recorded for real speech
made with espeak-ng:

  speech.safetensors (shared by both models)
    batch.input               [2, samples_a] int16  A and B as 16-bit PCM (divide by 32768), B zero-padded
    batch.lengths             [2] int64             samples per utterance
  <model>/reference.safetensors
    single.hidden_states.<i>  [1, frames, D]     utterance A alone; i = 0 .. L, as Hugging Face's
                                                 output_hidden_states (L = last_hidden_state)
    alone_b.hidden_states.<i> the same for utterance B alone
    batch.hidden_states.<i>   torchaudio's batched outputs for batch.input with lengths
    batch.frame_lengths       [2] int64          frames per utterance (torchaudio's count)

Run from the repository root:  nice /usr/bin/python3 adapters-speech/src/test/python/make_encoder_fixtures.py
Needs torch, torchaudio, numpy, espeak-ng and sox. No network.
"""

import json
import os
import subprocess
import sys
import tempfile
import wave

import numpy as np
import torch
import torchaudio
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "tools"))
from safetensors_fixture import write_safetensors as write_arrays  # noqa: E402

OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "resources", "dev", "sure4j", "speech", "encoder"
)
KERNELS = [10, 3, 3, 3, 3, 2, 2]
STRIDES = [5, 2, 2, 2, 2, 2, 2]
CONV_DIM = 32
HIDDEN = 32
LAYERS = 2
HEADS = 4
FFN = 64
POS_KERNEL = 16
POS_GROUPS = 4
EPS = 1e-5  # torchaudio's LayerNorm / GroupNorm default, written as layer_norm_eps

UTTERANCES = {
    "a": "Hello speech world.",
    "b": "Good day.",
}


def speak(text, path):
    """Writes 16 kHz mono 16-bit speech for text to path, returns float32 samples in [-1, 1)."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "raw.wav")
        subprocess.run(["espeak-ng", "-s", "190", "-w", raw, text], check=True)
        subprocess.run(["sox", "-D", raw, "-r", "16000", "-c", "1", "-b", "16", path], check=True)
    with wave.open(path, "rb") as w:
        assert w.getframerate() == 16000 and w.getnchannels() == 1 and w.getsampwidth() == 2
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return pcm


def build(extractor_mode, layer_norm_first, seed):
    torch.manual_seed(seed)
    model = torchaudio.models.wav2vec2_model(
        extractor_mode=extractor_mode,
        extractor_conv_layer_config=[(CONV_DIM, k, s) for k, s in zip(KERNELS, STRIDES)],
        extractor_conv_bias=True,
        encoder_embed_dim=HIDDEN,
        encoder_projection_dropout=0.0,
        encoder_pos_conv_kernel=POS_KERNEL,
        encoder_pos_conv_groups=POS_GROUPS,
        encoder_num_layers=LAYERS,
        encoder_num_heads=HEADS,
        encoder_attention_dropout=0.0,
        encoder_ff_interm_features=FFN,
        encoder_ff_interm_dropout=0.0,
        encoder_dropout=0.0,
        encoder_layer_norm_first=layer_norm_first,
        encoder_layer_drop=0.0,
        aux_num_out=None,
    )
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "norm" in name and name.endswith("weight"):
                p.copy_(1.0 + 0.3 * torch.randn_like(p))  # norm scale: far from 1
            elif name.endswith("bias"):
                p.copy_(0.2 * torch.randn_like(p))
            elif name.endswith("weight_g"):
                p.copy_(0.5 + torch.rand_like(p))
            else:
                fan_in = p[0].numel()
                p.copy_(torch.randn_like(p) / np.sqrt(fan_in))
    return model.eval()


def hf_name(name):
    if name.startswith("encoder.feature_projection."):
        return "feature_projection." + name[len("encoder.feature_projection.") :]
    if name.startswith("encoder.transformer."):
        return "encoder." + name[len("encoder.transformer.") :]
    assert name.startswith("feature_extractor."), name
    return name


def write_safetensors(path, tensors):
    """Writes a dict name -> numpy array, in insertion order."""
    write_arrays(path, tensors)


def hf_config(feat_extract_norm, stable):
    return {
        "architectures": ["HubertModel"],
        "model_type": "hubert",
        "conv_dim": [CONV_DIM] * 7,
        "conv_kernel": KERNELS,
        "conv_stride": STRIDES,
        "conv_bias": True,
        "feat_extract_norm": feat_extract_norm,
        "feat_extract_activation": "gelu",
        "do_stable_layer_norm": stable,
        "feat_proj_layer_norm": True,
        "num_conv_pos_embeddings": POS_KERNEL,
        "num_conv_pos_embedding_groups": POS_GROUPS,
        "num_hidden_layers": LAYERS,
        "num_attention_heads": HEADS,
        "intermediate_size": FFN,
        "hidden_size": HIDDEN,
        "hidden_act": "gelu",
        "layer_norm_eps": EPS,
        "hidden_dropout": 0.1,
        "attention_dropout": 0.1,
        "activation_dropout": 0.1,
        "feat_proj_dropout": 0.1,
        "layerdrop": 0.1,
        "mask_time_prob": 0.05,
    }


@torch.no_grad()
def hidden_states(model, waves, lengths):
    """Hugging Face's output_hidden_states from torchaudio's components, checked against forward."""
    features, frame_lengths = model.feature_extractor(waves, lengths)
    x, mask = model.encoder._preprocess(features, frame_lengths)
    transformer = model.encoder.transformer
    x = transformer._preprocess(x)
    states = [x]
    for layer in transformer.layers:
        x = layer(x, mask)
        states.append(x)
    # torchaudio's Transformer.layer_norm_first is the opposite of the model's: True = post-LN.
    if not transformer.layer_norm_first:
        states[-1] = transformer.layer_norm(states[-1])
    last, _ = model(waves, lengths)
    assert torch.equal(last, states[-1]), "recomposed hidden states differ from forward()"
    return [s.numpy() for s in states], frame_lengths


def record(out, prefix, model, waves, lengths):
    states, frame_lengths = hidden_states(model, torch.from_numpy(waves), lengths)
    for i, s in enumerate(states):
        out[f"{prefix}.hidden_states.{i}"] = s
    return frame_lengths


def main():
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    speech = {k: speak(t, os.path.join(OUT, f"speech_{k}.wav")) for k, t in UTTERANCES.items()}
    a, b = speech["a"], speech["b"]
    assert len(a) > len(b)
    pcm = np.zeros((2, len(a)), dtype=np.int16)
    pcm[0] = a
    pcm[1, : len(b)] = b
    lengths = torch.tensor([len(a), len(b)])
    write_safetensors(
        os.path.join(OUT, "speech.safetensors"),
        {"batch.input": pcm, "batch.lengths": lengths.numpy().astype(np.int64)},
    )
    batch = pcm.astype(np.float32) / 32768.0
    a = batch[0]
    b = batch[1, : len(b)]

    variants = [("hubert_group_postln", "group_norm", False, 1), ("hubert_layer_preln", "layer_norm", True, 2)]
    for name, mode, pre, seed in variants:
        model = build(mode, pre, seed)
        directory = os.path.join(OUT, name)
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, "config.json"), "w") as f:
            json.dump(hf_config(mode.split("_")[0], pre), f, indent=2)
        weights = {hf_name(n): p.detach().numpy() for n, p in model.state_dict().items()}
        write_safetensors(os.path.join(directory, "model.safetensors"), weights)

        ref = {}
        record(ref, "single", model, a[None, :], None)
        record(ref, "alone_b", model, b[None, :], None)
        frame_lengths = record(ref, "batch", model, batch, lengths)
        ref["batch.frame_lengths"] = frame_lengths.numpy().astype(np.int64)
        write_safetensors(os.path.join(directory, "reference.safetensors"), ref)
        print(name, "frames", frame_lengths.tolist(), "params", sum(w.size for w in weights.values()))


if __name__ == "__main__":
    main()
