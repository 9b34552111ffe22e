"""The one exception family of initlab.

Every user mistake raises an :class:`InitlabError` (a ``ValueError``) whose message is one line that names
the problem, the value received and what is accepted. The CLI prints it as ``error: …`` and exits 2.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class InitlabError(ValueError):
    """Base class of every error initlab raises for bad input."""


class UnknownNameError(InitlabError):
    """A name (activation, loss, optimizer, initializer, data set…) that initlab does not know."""


class SpecError(InitlabError):
    """A malformed initializer spec string, or bad arguments inside one."""


class ShapeError(InitlabError):
    """Arrays whose shapes do not fit together (X, Y and the layer sizes)."""


class DataError(InitlabError):
    """Data that cannot be used: NaN or inf values, labels the loss does not accept."""


class ConfigError(InitlabError):
    """A setting outside its accepted range (learning rate, batch size, sizes, counts…)."""


def unknown_name(kind: str, value: object, known: Iterable[str]) -> UnknownNameError:
    """Build the error for an unknown name, with a "did you mean" when one is close."""
    known = sorted(known)
    text = str(value).lower()
    close = difflib.get_close_matches(text, known, n=1, cutoff=0.6)
    close = close or [name for name in known if text and (name in text or text in name)][:1]
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return UnknownNameError(f"unknown {kind} {value!r}{hint} (known: {', '.join(known)})")
