"""The array namespace the engine computes with.

The maths in :mod:`initlab.nn` is written once against the Python array API (through ``array-api-compat``):
NumPy by default, PyTorch tensors (CPU, or CUDA where present) when the ``torch`` extra is installed.
Random draws never happen here: initial weights are drawn with NumPy from each member's seed and then
moved to the backend, so every backend starts from the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from initlab.errors import ConfigError, unknown_name

BACKENDS = ("numpy", "torch")
DTYPES = ("float32", "float64")


@dataclass(frozen=True)
class Backend:
    """An array namespace ``xp`` plus the device its arrays live on."""

    name: str
    xp: Any
    device: Any = None

    def asarray(self, values: Any, dtype: str) -> Any:
        """A new backend array of ``dtype`` on this backend's device holding ``values`` (never a view of them)."""
        host = np.array(values, dtype=dtype, copy=True)
        if self.name == "numpy":
            return host
        return self.xp.asarray(host, device=self.device)

    def dtype(self, name: str) -> Any:
        return getattr(self.xp, name)


def to_numpy(values: Any) -> np.ndarray:
    """A NumPy copy (or view) of a backend array, wherever it lives."""
    if isinstance(values, np.ndarray):
        return values
    if hasattr(values, "detach"):  # a torch tensor
        return values.detach().cpu().numpy()
    return np.asarray(values)


def check_dtype(dtype: str) -> str:
    if dtype not in DTYPES:
        raise ConfigError(f"dtype must be one of {', '.join(DTYPES)}, got {dtype!r}")
    return dtype


def get_backend(name: str = "numpy", device: str | None = None) -> Backend:
    """The backend called ``name`` ("numpy" or "torch"); torch picks CUDA when present unless ``device`` says."""
    if isinstance(name, Backend):
        return name
    if name not in BACKENDS:
        raise unknown_name("backend", name, BACKENDS)
    if name == "numpy":
        import array_api_compat.numpy as xp

        return Backend("numpy", xp, "cpu")
    try:
        import array_api_compat.torch as xp
        import torch
    except ImportError:
        raise ConfigError("backend 'torch' needs PyTorch: pip install 'initlab[torch]'") from None
    if device is None:
        device = "cuda" if torch.cuda.is_available() else "cpu"
    return Backend("torch", xp, torch.device(device))
