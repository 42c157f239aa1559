"""Writes the CTC parity fixtures read by CtcLossTest.

Run from the repository root:  nice /usr/bin/python3 adapters-speech/src/test/python/make_ctc_fixtures.py

Each case is one safetensors file under adapters-speech/src/test/resources/fixtures/ctc/ with:
  logits          float32 [batch, frames, classes]  (batch first; log_softmax over classes gives the log-probs)
  targets         int64   [batch, max_target_len]   (padded with the blank index)
  input_lengths   int64   [batch]
  target_lengths  int64   [batch]
  blank           int64   [1]
  zero_infinity   int64   [1]
  loss_none       float32 [batch]   torch.nn.functional.ctc_loss(..., reduction='none')
  loss_mean       float32 [1]       reduction='mean'
  loss_sum        float32 [1]       reduction='sum'
  grad_mean       float32 [batch, frames, classes]  d loss_mean / d logits
  grad_logprobs_mean float32 [batch, frames, classes]  d loss_mean / d log_probs (true gradient)

PyTorch's ctc_loss backward returns, for log_probs, exp(log_probs) * g - posterior * g (g the
upstream gradient of each utterance), which is the gradient of the loss composed with log_softmax:
the exp(log_probs) * g term vanishes once it passes through log_softmax's backward. So two
references are stored: the gradient with respect to the logits that feed log_softmax (PyTorch's
autograd, exact) and the true gradient with respect to log_probs as a free input, obtained by
removing that term on the valid frames; the latter is checked here against central finite
differences in float64 before it is written.
The safetensors files are written by hand (8-byte little-endian header length, JSON header,
raw little-endian data), without the safetensors package.
"""

import json
import os
import sys

import torch
import torch.nn.functional as F
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "tools"))
from safetensors_fixture import write_safetensors as write_arrays  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "ctc")


def write_safetensors(path, tensors):
    write_arrays(path, {n: t.detach().contiguous().cpu().numpy() for n, t in tensors.items()})


def make_case(name, frames, classes, targets, input_lengths, blank=0, zero_infinity=False, seed=0):
    g = torch.Generator().manual_seed(seed)
    batch = len(targets)
    max_len = max(1, max(len(t) for t in targets))
    padded = torch.full((batch, max_len), blank, dtype=torch.int64)
    for i, t in enumerate(targets):
        padded[i, : len(t)] = torch.tensor(t, dtype=torch.int64)
    target_lengths = torch.tensor([len(t) for t in targets], dtype=torch.int64)
    input_lengths = torch.tensor(input_lengths, dtype=torch.int64)
    logits = torch.randn(batch, frames, classes, generator=g) * 2.0

    def loss(reduction, x):
        lp = F.log_softmax(x, dim=-1).transpose(0, 1)  # [frames, batch, classes]
        return F.ctc_loss(lp, padded, input_lengths, target_lengths, blank=blank,
                          reduction=reduction, zero_infinity=zero_infinity)

    x = logits.clone().requires_grad_(True)
    mean = loss("mean", x)
    mean.backward()

    def loss_lp(lp_btc, dtype):
        return F.ctc_loss(lp_btc.to(dtype).transpose(0, 1), padded, input_lengths, target_lengths,
                          blank=blank, reduction="mean", zero_infinity=zero_infinity)

    lp = F.log_softmax(logits, dim=-1).detach().requires_grad_(True)
    lm = loss_lp(lp, torch.float32)
    lm.backward()
    with torch.no_grad():
        nll = F.ctc_loss(lp.transpose(0, 1), padded, input_lengths, target_lengths, blank=blank,
                         reduction="none", zero_infinity=False)
        upstream = 1.0 / (batch * target_lengths.clamp(min=1).float())
        upstream = torch.where(torch.isinf(nll), torch.zeros_like(upstream), upstream)
        valid = (torch.arange(frames)[None, :] < input_lengths[:, None]).float()
        grad_lp = lp.grad - lp.exp() * (upstream[:, None] * valid)[:, :, None]
        # finite-difference check of the true gradient in float64
        base = lp.detach().double()
        for k in range(6):
            b = k % batch
            t = int(torch.randint(int(input_lengths[b]), (1,), generator=g))
            c = int(torch.randint(classes, (1,), generator=g))
            eps = 1e-6
            up, dn = base.clone(), base.clone()
            up[b, t, c] += eps
            dn[b, t, c] -= eps
            fd = (loss_lp(up, torch.float64) - loss_lp(dn, torch.float64)).item() / (2 * eps)
            assert abs(fd - grad_lp[b, t, c].item()) < 1e-4, (name, b, t, c, fd, grad_lp[b, t, c].item())
    with torch.no_grad():
        none = loss("none", logits)
        total = loss("sum", logits)
    write_safetensors(os.path.join(OUT, name + ".safetensors"), {
        "logits": logits,
        "targets": padded,
        "input_lengths": input_lengths,
        "target_lengths": target_lengths,
        "blank": torch.tensor([blank], dtype=torch.int64),
        "zero_infinity": torch.tensor([int(zero_infinity)], dtype=torch.int64),
        "loss_none": none.float(),
        "loss_mean": mean.detach().reshape(1).float(),
        "loss_sum": total.reshape(1).float(),
        "grad_mean": x.grad.float(),
        "grad_logprobs_mean": grad_lp.float(),
    })
    print(name, "loss_none", none.tolist(), "mean", mean.item())


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    # uneven input and target lengths in one batch
    make_case("uneven", frames=8, classes=6, targets=[[1, 2, 3], [4, 5], [2, 3, 4, 5]],
              input_lengths=[8, 5, 7], seed=1)
    # repeated labels need a blank between them: [1,1,1] needs at least 5 frames (exactly 5 here)
    make_case("repeats", frames=7, classes=4, targets=[[1, 1, 1], [2, 2, 3, 3], [1, 2, 1]],
              input_lengths=[5, 7, 6], seed=2)
    # an empty target: only the all-blank path
    make_case("empty_target", frames=5, classes=4, targets=[[], [1, 2]], input_lengths=[5, 4], seed=3)
    # an impossible alignment (3 frames for 3 labels with a repeat: needs 4) zeroed by zero_infinity
    make_case("impossible", frames=6, classes=5, targets=[[1, 1, 2], [3, 4]], input_lengths=[3, 6],
              zero_infinity=True, seed=4)
    # the blank at the last index instead of 0
    make_case("blank_last", frames=6, classes=5, targets=[[0, 1, 1], [2, 3]], input_lengths=[6, 6],
              blank=4, seed=5)


if __name__ == "__main__":
    main()
