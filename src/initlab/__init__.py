"""initlab — a laboratory for neural-network weight initialization."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("initlab")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
