"""Records PyTorch's CPU generator draws for sure4j's TorchGenerator (the VeRA projections).

PEFT's VeRA draws its shared projections with torch.Generator(device="cpu").manual_seed(key) and
tensor.uniform_(-bound, bound, generator=g) (Kaiming uniform, gain sqrt(2), fan-in = size(1)),
first vera_A [r, max_in], then vera_B [max_out, r] from the same generator. This script records,
with PyTorch's own generator, for several seeds (one above 2^32) and shapes (below and above 16
elements, and above 624 draws so the Mersenne Twister state is regenerated several times):

  uniform.<seed>.<rows>x<cols>   torch.empty(rows, cols).uniform_(-bound, bound, generator=g),
                                 bound = sqrt(3) * sqrt(2) / sqrt(cols), a fresh generator each
  kaiming.<seed>.A / .B          PEFT's _kaiming_init((r, max_in)) then ((max_out, r)), one generator

into adapters-core/src/test/resources/dev/sure4j/adapters/vera/torch_generator.safetensors. Run
from the repository root:
  nice /usr/bin/python3 adapters-speech/src/test/python/make_torch_generator_fixtures.py
"""

import math
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "tools"))
from safetensors_fixture import write_safetensors  # noqa: E402

OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)),
    "..", "..", "..", "..", "adapters-core", "src", "test", "resources", "dev", "sure4j", "adapters", "vera",
)
UNIFORM = [(0, 4, 6), (42, 3, 20), (2**32 + 7, 16, 17), (123456789, 1, 16), (7, 50, 33), (99, 256, 100)]
KAIMING = [(0, 8, 96, 160), (2024, 32, 37, 148)]


def kaiming(shape, generator):
    """PEFT's _kaiming_init on a new tensor."""
    tensor = torch.empty(shape)
    fan = shape[1]
    bound = math.sqrt(3.0) * (math.sqrt(2) / math.sqrt(fan))
    return tensor.uniform_(-bound, bound, generator=generator)


def main():
    print("torch", torch.__version__)
    tensors = {}
    for seed, rows, cols in UNIFORM:
        g = torch.Generator(device="cpu").manual_seed(seed)
        tensors[f"uniform.{seed}.{rows}x{cols}"] = kaiming((rows, cols), g).numpy()
    for seed, r, max_in, max_out in KAIMING:
        g = torch.Generator(device="cpu").manual_seed(seed)
        tensors[f"kaiming.{seed}.A"] = kaiming((r, max_in), g).numpy()
        tensors[f"kaiming.{seed}.B"] = kaiming((max_out, r), g).numpy()
    os.makedirs(OUT, exist_ok=True)
    write_safetensors(os.path.join(OUT, "torch_generator.safetensors"), tensors)


if __name__ == "__main__":
    main()
