"""PyTorch reference modules of the SURE residual adapters (bottleneck, ConvAdapter, and the wrapper that runs one
after an encoder layer), shared by the fixture scripts and bench/pytorch_bench.py.

Tensor names follow sure4j's files (named_tensors), so the fixtures can be written from them.
"""
import torch
from torch import nn


class Bottleneck(nn.Module):
    """Linear(D -> D/2) -> ReLU -> Linear(D/2 -> D) -> add residual."""

    def __init__(self, d):
        super().__init__()
        self.adapter_down = nn.Linear(d, d // 2)
        self.adapter_up = nn.Linear(d // 2, d)

    def forward(self, x):
        return x + self.adapter_up(torch.relu(self.adapter_down(x)))


class ConvAdapter(nn.Module):
    """SURE ConvAdapter: LN -> grouped k3 down to D/2 -> ReLU -> depthwise k5 -> grouped k3 up ->
    squeeze-excitation (reduction 16) -> add residual. Convolutions without bias, 'same' padding."""

    def __init__(self, d):
        super().__init__()
        w = d // 2
        self.layer_norm = nn.LayerNorm(d)
        self.conv_down = nn.Conv1d(d, w, 3, padding=1, groups=w, bias=False)
        self.conv_depthwise = nn.Conv1d(w, w, 5, padding=2, groups=w, bias=False)
        self.conv_up = nn.Conv1d(w, d, 3, padding=1, groups=w, bias=False)
        self.fc1 = nn.Linear(d, d // 16, bias=False)
        self.fc2 = nn.Linear(d // 16, d, bias=False)

    def forward(self, x):
        h = self.layer_norm(x).transpose(1, 2)
        h = self.conv_up(self.conv_depthwise(torch.relu(self.conv_down(h))))
        s = torch.sigmoid(self.fc2(torch.relu(self.fc1(h.mean(dim=2)))))
        return x + (h * s[:, :, None]).transpose(1, 2)

    def named_tensors(self, prefix):
        return {
            prefix + "layer_norm.weight": self.layer_norm.weight,
            prefix + "layer_norm.bias": self.layer_norm.bias,
            prefix + "conv_down.weight": self.conv_down.weight,
            prefix + "conv_depthwise.weight": self.conv_depthwise.weight,
            prefix + "conv_up.weight": self.conv_up.weight,
            prefix + "se.fc1.weight": self.fc1.weight,
            prefix + "se.fc2.weight": self.fc2.weight,
        }


class AfterLayer(nn.Module):
    """Runs an adapter as the last operation of an encoder layer."""

    def __init__(self, layer, adapter):
        super().__init__()
        self.layer = layer
        self.adapter = adapter

    def forward(self, x, attention_mask=None):
        return self.adapter(self.layer(x, attention_mask))
