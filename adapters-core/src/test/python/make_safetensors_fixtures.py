#!/usr/bin/env python3
"""Writes the safetensors fixtures of dev.sure4j.adapters.io tests with torch alone.

The files are written by hand (8-byte little-endian header length, JSON header padded with spaces
to a multiple of 8, raw little-endian data), as the safetensors package does, so that the Java
reader is checked against files produced outside Java.

Every value is fill(n, k) = ((i * 7 + k) % 97 - 48) / 64 for i = 0..n-1: a multiple of 1/64 with at
most 7 significant bits, exact in float16 and bfloat16 as well, so the Java tests recompute the
expected values without reading them from the file.

Run from the repository root:  nice /usr/bin/python3 adapters-core/src/test/python/make_safetensors_fixtures.py
"""
import json
import os
import struct

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "dev", "sure4j", "adapters", "io")

DTYPES = {
    torch.float32: "F32",
    torch.float64: "F64",
    torch.float16: "F16",
    torch.bfloat16: "BF16",
    torch.int64: "I64",
    torch.int32: "I32",
}


def fill(shape, k, dtype=torch.float32):
    n = 1
    for d in shape:
        n *= d
    i = torch.arange(n, dtype=torch.int64)
    v = ((i * 7 + k) % 97 - 48).to(torch.float64) / 64.0
    return v.reshape(shape).to(dtype)


def raw(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()


def write(path, tensors, metadata=None):
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    blobs = []
    offset = 0
    for name in sorted(tensors):
        t = tensors[name]
        b = raw(t)
        header[name] = {
            "dtype": DTYPES[t.dtype],
            "shape": list(t.shape),
            "data_offsets": [offset, offset + len(b)],
        }
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def dtypes():
    tensors = {
        "f32": fill([2, 3], 1, torch.float32),
        "f64": fill([3, 2], 2, torch.float64),
        "f16": fill([4], 3, torch.float16),
        "bf16": fill([2, 2], 4, torch.bfloat16),
        "i64": torch.tensor([-3, 0, 5, 1 << 40], dtype=torch.int64),
        "i32": torch.tensor([[-7, 8], [9, -10]], dtype=torch.int32),
        "scalar": torch.tensor(1.5, dtype=torch.float32),
    }
    write(os.path.join(OUT, "dtypes.safetensors"), tensors, {"format": "pt", "source": "torch"})


def peft_hubert_lora():
    # What PEFT saves for HubertForSequenceClassification (hidden 8, classifier_proj_size 4,
    # 3 labels) with LoraConfig(r=4, target_modules=["q_proj", "v_proj"], layers_to_transform=[1],
    # modules_to_save=["projector", "classifier"]).
    d, r, proj, labels = 8, 4, 4, 3
    t = {}
    k = 0
    for m in ["q_proj", "v_proj"]:
        base = "base_model.model.hubert.encoder.layers.1.attention." + m
        t[base + ".lora_A.weight"] = fill([r, d], k)
        t[base + ".lora_B.weight"] = fill([d, r], k + 1)
        k += 2
    t["base_model.model.projector.weight"] = fill([proj, d], 10)
    t["base_model.model.projector.bias"] = fill([proj], 11)
    t["base_model.model.classifier.weight"] = fill([labels, proj], 12)
    t["base_model.model.classifier.bias"] = fill([labels], 13)
    write(os.path.join(OUT, "peft_hubert_lora", "adapter_model.safetensors"), t, {"format": "pt"})


if __name__ == "__main__":
    dtypes()
    peft_hubert_lora()
