"""Linear layers on oneDNN's kernels, for faster CPU inference of the embedding model.

A query's embedding is almost all matrix products in the model's linear layers. torch runs
them with MKL, which picks its AVX2 kernels on AMD CPUs; oneDNN (bundled with torch as
"mkldnn") uses AVX-512 where the CPU has it. On this 2-core AMD EPYC a question embeds in about
16 ms of CPU instead of 24, and the vectors agree to within 3e-7 (float32 rounding of a
different summation order), so an index built either way is searched the same way.
"""

from __future__ import annotations

import os

import torch

PRIMITIVE_CACHE_CAPACITY = "64"
"""oneDNN compiles kernels per input shape and keeps up to 1024 shapes by default; a bot
seeing every question length and batch size grew by about 400 MB that way. 64 keeps the
growth near MKL's at no measurable cost in speed (set before the first oneDNN call; an
ONEDNN_PRIMITIVE_CACHE_CAPACITY in the environment wins)."""


class OneDnnLinear(torch.nn.Module):
    """An inference-only `torch.nn.Linear` whose weights are kept in oneDNN's layout."""

    def __init__(self, dense: torch.nn.Linear) -> None:
        super().__init__()
        self.in_features = dense.in_features
        self.out_features = dense.out_features
        self.weight = dense.weight.detach().to_mkldnn()
        self.bias = None if dense.bias is None else dense.bias.detach().to_mkldnn()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Return x @ weight.T + bias, as the linear layer it replaces."""
        out: torch.Tensor = torch.ops.aten.mkldnn_linear(x.to_mkldnn(), self.weight, self.bias)
        return out.to_dense()


def use_onednn_linear_layers(model: torch.nn.Module) -> int:
    """Replace the model's float32 linear layers by `OneDnnLinear`s, in place; return how
    many were replaced (0 when this torch build has no oneDNN)."""
    if not torch.backends.mkldnn.is_available():  # type: ignore[no-untyped-call]
        return 0
    os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", PRIMITIVE_CACHE_CAPACITY)
    replaced = 0
    for parent in list(model.modules()):
        for name, child in list(parent.named_children()):
            if type(child) is torch.nn.Linear and child.weight.dtype == torch.float32:
                setattr(parent, name, OneDnnLinear(child))
                replaced += 1
    return replaced
