#!/usr/bin/env python3
"""Writes the .npy fixtures of NpyReaderTest and VocodeCommandTest with numpy.save itself.

Usage (from the repository root): /usr/bin/python3 tools/make_npy_fixtures.py

Outputs in sure4j-cli/src/test/resources/npy/
  c_f4.npy              a float32 [3, 4] array in C order
  fortran_f4.npy        the same array in Fortran order (np.asfortranarray)
  transposed_f4.npy     the same array saved as np.save(f, t.T) with t = its C-order transpose [4, 3]
  fortran_3d_f4.npy     a float32 [2, 3, 4] array in Fortran order
  be_f4.npy             c_f4.npy's array as big-endian >f4
  le_f8.npy, be_f8.npy  a float64 [2, 4] array (values between floats, out of float range,
                        subnormal), little- and big-endian
  fortran_be_f8.npy     the same float64 array, big-endian and in Fortran order
  le_f2.npy, be_f2.npy  a float16 [3, 5] array (zeros, subnormals, the largest half, inf, NaN)
  scalar_f4.npy         a 0-d float32 array
  empty_f4.npy          a float32 [0, 3] array
  v2_f4.npy, v3_f4.npy  c_f4.npy's array in .npy format versions 2.0 and 3.0
  int32.npy, complex64.npy  dtypes that sure4j refuses
  expected.txt          per readable fixture: file;shape;the float32 bits (hex) of its values in C
                        order, as numpy converts them (float64 rounded, float16 widened exactly)
  mel_c.npy             frames 8 to 15 of adapters-speech's speech_a_hifigan.npy, float32 [80, 8]
  mel_fortran.npy       the same mel saved as np.save(f, m.T) with m its [frames, mels] transpose

Tested with numpy 1.24.
"""

import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "sure4j-cli/src/test/resources/npy")
MEL = os.path.join(ROOT, "adapters-speech/src/test/resources/audio/mel/speech_a_hifigan.npy")


def save(name, array, version=None):
    path = os.path.join(OUT, name)
    if version is None:
        np.save(path, array)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, array, version=version)
    return path


def fortran_order(path):
    with open(path, "rb") as f:
        assert np.lib.format.read_magic(f) == (1, 0)
        return np.lib.format.read_array_header_1_0(f)[1]


def main():
    np.seterr(over="ignore")  # 1e300 and 1e5 overflow to inf on purpose
    os.makedirs(OUT, exist_ok=True)
    a = ((np.arange(12).reshape(3, 4) - 5) / 7).astype(np.float32)
    a[0, 1] = -0.0
    cube = (np.arange(24).reshape(2, 3, 4) / 8 - 1).astype(np.float32)
    d = np.array([[0.1, -1 / 3, 1e300, 1e-50], [np.pi, -np.e, 1e-40, 3.4028235677973366e38]])
    h = np.array([[0.0, -0.0, 1.0, -2.5, 0.1],
                  [65504.0, 3e-5, 2.0 ** -24, 2.0 ** -14, -1e-5],
                  [np.inf, -np.inf, np.nan, 1e5, 1 / 3]]).astype(np.float16)

    readable = {
        "c_f4.npy": a,
        "fortran_f4.npy": np.asfortranarray(a),
        "transposed_f4.npy": np.ascontiguousarray(a.T).T,
        "fortran_3d_f4.npy": np.asfortranarray(cube),
        "be_f4.npy": a.astype(">f4"),
        "le_f8.npy": d.astype("<f8"),
        "be_f8.npy": d.astype(">f8"),
        "fortran_be_f8.npy": np.asfortranarray(d.astype(">f8")),
        "le_f2.npy": h.astype("<f2"),
        "be_f2.npy": h.astype(">f2"),
        "scalar_f4.npy": np.array(2.75, dtype=np.float32),
        "empty_f4.npy": np.zeros((0, 3), dtype=np.float32),
    }
    lines = ["# file;shape;float32 bits (hex) of the values in C order"]
    for name, array in readable.items():
        path = save(name, array)
        assert fortran_order(path) == (name.startswith("fortran") or name.startswith("transposed"))
        loaded = np.load(path)
        assert loaded.dtype == array.dtype and np.array_equal(loaded, array, equal_nan=True)
        bits = np.ascontiguousarray(array, dtype="<f4").view("<u4").ravel()
        shape = ",".join(str(n) for n in array.shape)
        lines.append(f"{name};{shape};" + " ".join(f"{b:08x}" for b in bits))
    for version in (2, 3):
        save(f"v{version}_f4.npy", a, version=(version, 0))
    save("int32.npy", np.arange(6, dtype="<i4").reshape(2, 3))
    save("complex64.npy", np.array([1 + 2j, -3j], dtype="<c8"))
    with open(os.path.join(OUT, "expected.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")

    mel = np.ascontiguousarray(np.load(MEL)[:, 8:16])
    assert mel.dtype == np.float32 and mel.shape == (80, 8)
    save("mel_c.npy", mel)
    frames_by_mels = np.ascontiguousarray(mel.T)
    path = save("mel_fortran.npy", frames_by_mels.T)
    assert fortran_order(path) and np.array_equal(np.load(path), mel)


if __name__ == "__main__":
    main()
