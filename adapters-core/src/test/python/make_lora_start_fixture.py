"""Writes the reference for LoraStartParityTest: PEFT's PiSSA and OLoRA starts of LoRA
(peft/tuners/lora/layer.py pissa_init, olora_init) and the conversion of a trained adapter to a plain
LoRA against the original base (LoraModel.subtract_mutated_init), in plain PyTorch.

Layers (the weights of a tiny encoder's layer 0, [out, in]): q [16, 16], up [32, 16], down [16, 32].
Rank R, alpha ALPHA, scaling s = ALPHA / R. For <l> in q, up, down and <i> in pissa, olora:
  <l>.weight                 the base weight W
  <l>.<i>.lora_A, .lora_B    A0 [R, in], B0 [out, R]
  <l>.<i>.residual           W - s B0 A0, the base weight while the adapter is attached
  <l>.<i>.trained_A, _B      values standing in for trained A, B
  <l>.<i>.saved_A, _B        what save_pretrained(path_initial_model_for_weight_conversion=...)
                             writes: cat([A, A0], 0), cat([B, -B0], 1), for rank 2R, alpha 2 ALPHA
Output: ../resources/fixtures/lora/starts.safetensors. Run: nice /usr/bin/python3 make_lora_start_fixture.py
"""
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "tools"))
from safetensors_fixture import write_safetensors  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "lora")
R = 4
ALPHA = 8.0
SHAPES = {"q": (16, 16), "up": (32, 16), "down": (16, 32)}


def pissa(weight, r, scaling):
    # pissa_init: V, S, Uh = svd(W); A = diag(sqrt(S_r / s)) Uh_r, B = V_r diag(sqrt(S_r / s))
    v, s, uh = torch.linalg.svd(weight, full_matrices=False)
    sr = s[:r] / scaling
    a = torch.diag(torch.sqrt(sr)) @ uh[:r]
    b = v[:, :r] @ torch.diag(torch.sqrt(sr))
    return a, b


def olora(weight, r):
    # olora_init: Q, R = qr(W); B = Q[:, :r], A = R[:r]
    q, rr = torch.linalg.qr(weight)
    return rr[:r].contiguous(), q[:, :r].contiguous()


def main():
    torch.manual_seed(4242)
    scaling = ALPHA / R
    tensors = {}
    for name, (out, inp) in SHAPES.items():
        w = torch.randn(out, inp) / inp ** 0.5
        tensors[name + ".weight"] = w
        for init in ("pissa", "olora"):
            a0, b0 = pissa(w, R, scaling) if init == "pissa" else olora(w, R)
            key = name + "." + init
            tensors[key + ".lora_A"] = a0
            tensors[key + ".lora_B"] = b0
            tensors[key + ".residual"] = w - scaling * b0 @ a0
            a1 = a0 + 0.1 * torch.randn(a0.shape)
            b1 = b0 + 0.1 * torch.randn(b0.shape)
            tensors[key + ".trained_A"] = a1
            tensors[key + ".trained_B"] = b1
            tensors[key + ".saved_A"] = torch.cat([a1, a0], dim=0)
            tensors[key + ".saved_B"] = torch.cat([b1, -b0], dim=1)
    os.makedirs(OUT, exist_ok=True)
    meta = {"r": str(R), "lora_alpha": repr(ALPHA), "torch": torch.__version__}
    write_safetensors(os.path.join(OUT, "starts.safetensors"),
                      {n: t.contiguous().numpy() for n, t in tensors.items()}, sort=True, metadata=meta)


if __name__ == "__main__":
    main()
