"""Writes the PyTorch checkpoint (pytorch_model.bin) fixtures for the Java torch.save reader's tests.

Run with the interpreter that has torch (1.13 here): /usr/bin/python3 tools/make_torch_bin_fixture.py

Outputs
- adapters-speech/src/test/resources/dev/sure4j/speech/encoder/hubert_group_postln_bin/
    config.json + pytorch_model.bin: the tensors of hubert_group_postln/model.safetensors, torch.save'd as a
    Hugging Face state dict (an OrderedDict with _metadata).
- adapters-speech/src/test/resources/dev/sure4j/speech/encoder/hubert_group_postln_sharded_bin/
    config.json + pytorch_model-0000{1,2}-of-00002.bin + pytorch_model.bin.index.json: the same, in two shards.
- adapters-core/src/test/resources/dev/sure4j/adapters/io/torch/
    half.bin, bfloat16.bin: a few float tensors stored as float16 / bfloat16;
    views.bin: a non-contiguous transpose, two views of one storage (one with a storage offset), a Parameter,
    an int64 buffer, a bool mask and a 0-d tensor; legacy.bin: the same in the legacy pre-1.6 format;
    expected.safetensors: what torch makes of each of those tensors, float32 (bool/int64 as float32) and
    contiguous, named "<file>/<tensor>";
    malicious.bin: a torch.save-shaped zip whose data.pkl calls os.system (GLOBAL) and
    malicious_stack_global.bin: the same through builtins.eval (STACK_GLOBAL, protocol 4).
"""
import collections
import json
import os
import shutil
import struct
import zipfile

import numpy as np
import torch

from safetensors_fixture import read_safetensors, write_safetensors

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENCODER = os.path.join(ROOT, "adapters-speech/src/test/resources/dev/sure4j/speech/encoder")
TORCH_DIR = os.path.join(ROOT, "adapters-core/src/test/resources/dev/sure4j/adapters/io/torch")


def read_f32(path):
    """Reads a float32 safetensors file into an ordered dict name -> numpy array."""
    arrays = read_safetensors(path)
    for name, a in arrays.items():
        assert a.dtype == np.float32, (name, a.dtype)
    return collections.OrderedDict(arrays)


def hf_state_dict(arrays):
    """An OrderedDict of tensors with the _metadata attribute that nn.Module.state_dict() sets."""
    sd = collections.OrderedDict((k, torch.from_numpy(v)) for k, v in arrays.items())
    sd._metadata = collections.OrderedDict([("", {"version": 1}), ("encoder", {"version": 1})])
    return sd


def save_checkpoints():
    src = os.path.join(ENCODER, "hubert_group_postln")
    arrays = read_f32(os.path.join(src, "model.safetensors"))
    single = os.path.join(ENCODER, "hubert_group_postln_bin")
    sharded = os.path.join(ENCODER, "hubert_group_postln_sharded_bin")
    for d in (single, sharded):
        os.makedirs(d, exist_ok=True)
        shutil.copyfile(os.path.join(src, "config.json"), os.path.join(d, "config.json"))
    torch.save(hf_state_dict(arrays), os.path.join(single, "pytorch_model.bin"))

    names = list(arrays)
    half = len(names) // 2
    weight_map = {}
    for i, part in enumerate((names[:half], names[half:])):
        shard = f"pytorch_model-{i + 1:05d}-of-00002.bin"
        torch.save(hf_state_dict({k: arrays[k] for k in part}), os.path.join(sharded, shard))
        weight_map.update({k: shard for k in part})
    total = sum(a.nbytes for a in arrays.values())
    with open(os.path.join(sharded, "pytorch_model.bin.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": total}, "weight_map": weight_map}, f, indent=2)


def rewrite_as_zip64(src, dst):
    """Copies a torch.save zip with every central-directory size and offset moved to zip64 extra fields and
    zip64 end records, as a writer does for files over 4 GB; the local headers and data are unchanged."""
    data = open(src, "rb").read()
    eocd = data.rindex(b"PK\x05\x06")
    count, cd_size, cd_start = struct.unpack("<HII", data[eocd + 10:eocd + 20])
    entries = []
    p = cd_start
    for _ in range(count):
        (made, need, flags, method, time, date, crc, csize, usize, nlen, xlen, clen, disk, iattr, eattr,
         offset) = struct.unpack("<HHHHHHIIIHHHHHII", data[p + 4:p + 46])
        name = data[p + 46:p + 46 + nlen]
        extra = struct.pack("<HHQQQ", 1, 24, usize, csize, offset)
        entries.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, made, 45, flags, method, time, date, crc,
                                   0xFFFFFFFF, 0xFFFFFFFF, nlen, len(extra), 0, disk, iattr, eattr, 0xFFFFFFFF)
                       + name + extra)
        p += 46 + nlen + xlen + clen
    central = b"".join(entries)
    start = cd_start
    eocd64_at = start + len(central)
    eocd64 = struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, count, count, len(central), start)
    locator = struct.pack("<IIQI", 0x07064B50, 0, eocd64_at, 1)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    with open(dst, "wb") as f:
        f.write(data[:start] + central + eocd64 + locator + end)
    with zipfile.ZipFile(dst) as z:  # Python's own zip reader must agree
        assert z.testzip() is None
        assert [i.header_offset for i in z.infolist()] == [i.header_offset for i in zipfile.ZipFile(src).infolist()]


def save_reader_fixtures():
    os.makedirs(TORCH_DIR, exist_ok=True)
    g = torch.Generator().manual_seed(15)
    expected = collections.OrderedDict()

    def record(file, sd):
        for k, t in sd.items():
            expected[f"{file}/{k}"] = t.detach().to(torch.float32).contiguous().numpy()

    base = {
        "weight": torch.randn(3, 5, generator=g) * 70000 ** torch.rand(3, 5, generator=g),
        "bias": torch.tensor([1e-8, -3e-6, 65504.0, 1e5, -0.0, 0.333333, float("inf")]),
        "scalar": torch.tensor(-2.71828),
    }
    for file, dtype in (("half.bin", torch.float16), ("bfloat16.bin", torch.bfloat16)):
        sd = collections.OrderedDict((k, v.to(dtype)) for k, v in base.items())
        torch.save(sd, os.path.join(TORCH_DIR, file))
        record(file, sd)  # torch's own conversion back to float32 is the expected value

    storage = torch.arange(24, dtype=torch.float32) * 0.5 - 3.25
    matrix = storage.view(4, 6)
    sd = collections.OrderedDict()
    sd["matrix"] = matrix
    sd["transposed"] = matrix.t()  # [6, 4], strides (1, 6), shares the storage
    sd["row_slice"] = matrix[1:3, 2:5]  # offset 8, strides (6, 1), shares the storage
    sd["every_other"] = storage[3::2]  # offset 3, stride 2
    sd["param"] = torch.nn.Parameter(torch.randn(2, 3, generator=g))
    sd["num_batches_tracked"] = torch.tensor(7, dtype=torch.int64)
    sd["positions"] = torch.arange(-3, 3, dtype=torch.int64).view(2, 3)
    sd["mask"] = torch.tensor([True, False, True, True])
    sd["double"] = torch.tensor([0.1, -1e-300, 3.5], dtype=torch.float64)
    torch.save(sd, os.path.join(TORCH_DIR, "views.bin"))
    record("views.bin", sd)
    # zip64 directory records, as torch.save writes them for files over 4 GB; torch must read it back
    rewrite_as_zip64(os.path.join(TORCH_DIR, "views.bin"), os.path.join(TORCH_DIR, "views_zip64.bin"))
    back = torch.load(os.path.join(TORCH_DIR, "views_zip64.bin"))
    assert all(torch.equal(back[k], sd[k]) for k in sd)
    # the same state dict in the legacy (pre-1.6) format; its expected values are views.bin's
    torch.save(sd, os.path.join(TORCH_DIR, "legacy.bin"), _use_new_zipfile_serialization=False)
    # nested dicts, as in HiFi-GAN's {"generator": state_dict}: read with dotted names
    nested = {"generator": collections.OrderedDict([("conv_pre.weight_g", torch.randn(4, 1, 1, generator=g))]),
              "ema": {"decay": {"value": torch.tensor([0.999], dtype=torch.float64)}}}
    torch.save(nested, os.path.join(TORCH_DIR, "nested.bin"))
    record("nested.bin", {"generator.conv_pre.weight_g": nested["generator"]["conv_pre.weight_g"],
                          "ema.decay.value": nested["ema"]["decay"]["value"]})
    write_safetensors(os.path.join(TORCH_DIR, "expected.safetensors"), expected)

    # A pickle that would run a shell command under a plain pickle.load / torch.load(weights_only=False).
    command = b"touch sure4j-was-pwned"
    evil = b"\x80\x02cos\nsystem\nq\x00X" + struct.pack("<I", len(command)) + command + b"\x85q\x01Rq\x02."
    # Protocol 4: STACK_GLOBAL takes the module and name from the stack.
    code = b"open('sure4j-was-pwned','w')"
    body = (b"\x8c\x08builtins\x94\x8c\x04eval\x94\x93\x94\x8c" + bytes([len(code)]) + code
            + b"\x94\x85\x94R\x94.")
    evil4 = b"\x80\x04\x95" + struct.pack("<Q", len(body)) + body
    for file, pkl in (("malicious.bin", evil), ("malicious_stack_global.bin", evil4)):
        with zipfile.ZipFile(os.path.join(TORCH_DIR, file), "w", zipfile.ZIP_STORED) as z:
            for name, content in (("malicious/data.pkl", pkl), ("malicious/version", b"3\n")):
                z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content)


if __name__ == "__main__":
    save_checkpoints()
    save_reader_fixtures()
    print("wrote", ENCODER, "and", TORCH_DIR)
