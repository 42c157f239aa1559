"""Writes the reference for AdamWTest: torch.optim.AdamW on two parameters with given gradients.

Output: ../resources/fixtures/optim/adamw.safetensors with
  <p>.init             the parameter before the first step
  <p>.grad.<k>         the gradient used at step k (k = 1..STEPS)
  <p>.final            the parameter after STEPS steps
  <p>.exp_avg, <p>.exp_avg_sq   the optimizer state after STEPS steps
and the hyper-parameters in the metadata. Run: nice /usr/bin/python3 make_adamw_fixture.py
"""
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "tools"))
from safetensors_fixture import write_safetensors  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "optim")
STEPS = 6
LR = 1e-2
BETAS = (0.9, 0.999)
EPS = 1e-8
WEIGHT_DECAY = 0.1


def main():
    torch.manual_seed(20231)
    params = {"w": torch.randn(3, 4), "b": torch.randn(5)}
    tensors = {}
    live = {}
    for name, value in params.items():
        tensors[name + ".init"] = value.clone()
        live[name] = torch.nn.Parameter(value.clone())
    opt = torch.optim.AdamW(list(live.values()), lr=LR, betas=BETAS, eps=EPS, weight_decay=WEIGHT_DECAY)
    for k in range(1, STEPS + 1):
        for name, p in live.items():
            # gradients of very different scales, some exactly zero
            g = torch.randn(p.shape) * (10.0 ** (k % 3 - 1))
            g[0] = 0.0
            tensors[f"{name}.grad.{k}"] = g.clone()
            p.grad = g
        opt.step()
    for name, p in live.items():
        tensors[name + ".final"] = p.detach().clone()
        st = opt.state[p]
        tensors[name + ".exp_avg"] = st["exp_avg"].clone()
        tensors[name + ".exp_avg_sq"] = st["exp_avg_sq"].clone()
    os.makedirs(OUT, exist_ok=True)
    meta = {"steps": str(STEPS), "lr": repr(LR), "beta1": repr(BETAS[0]), "beta2": repr(BETAS[1]),
            "eps": repr(EPS), "weight_decay": repr(WEIGHT_DECAY), "torch": torch.__version__}
    write_safetensors(os.path.join(OUT, "adamw.safetensors"),
                      {n: t.numpy() for n, t in tensors.items()}, sort=True, metadata=meta)


if __name__ == "__main__":
    main()
