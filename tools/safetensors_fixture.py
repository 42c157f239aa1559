"""Reads and writes safetensors files by hand for the test-fixture scripts (no safetensors package needed).

Layout: u64 little-endian header length, JSON header (space-padded to a multiple of 8 bytes), then the raw
little-endian tensor data in header order. The file is written to a temporary sibling and renamed into place.
"""
import json
import os
import struct

import numpy as np

_DTYPES = {
    np.dtype(np.float32): "F32",
    np.dtype(np.float64): "F64",
    np.dtype(np.float16): "F16",
    np.dtype(np.int64): "I64",
    np.dtype(np.int32): "I32",
    np.dtype(np.int16): "I16",
}


def write_safetensors(path, arrays, sort=False, metadata=None):
    """Writes a dict name -> numpy array (float16/32/64 or int16/32/64).

    sort: write tensors in name order (safetensors' own writer does) instead of insertion order.
    metadata: an optional dict of strings stored as __metadata__, first in the header.
    """
    header = {} if metadata is None else {"__metadata__": dict(metadata)}
    blobs = []
    offset = 0
    for name in sorted(arrays) if sort else arrays:
        a = np.require(arrays[name], requirements="C")  # keeps 0-d arrays 0-d (ascontiguousarray makes them 1-d)
        if a.dtype not in _DTYPES:
            raise ValueError(f"{name}: unsupported dtype {a.dtype}")
        data = a.astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": _DTYPES[a.dtype], "shape": list(a.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * ((8 - len(raw) % 8) % 8)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def read_safetensors(path):
    """Reads a safetensors file into a dict name -> numpy array, in the header's order.

    The arrays are writable copies in native byte order, of the dtypes write_safetensors writes; __metadata__ is
    skipped.
    """
    names = {v: k for k, v in _DTYPES.items()}
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] not in names:
            raise ValueError(f"{path}: {name}: unsupported dtype {info['dtype']}")
        a, b = info["data_offsets"]
        little = names[info["dtype"]].newbyteorder("<")
        arr = np.frombuffer(data[a:b], dtype=little).reshape(info["shape"])
        out[name] = arr.astype(arr.dtype.newbyteorder("="))
    return out
