"""Spec strings: one short line that names an initializer and its arguments, such as ``normal(std=0.01)``.

A spec is a Python expression read with :mod:`ast` and never evaluated: ``name`` or
``name(arg, …, key=arg, …)``. Each argument is a number (negative allowed), ``True``/``False``, a quoted
string, a bare identifier read as a string (``mode=fan_in``, ``gain=tanh``), or one call of literals kept as
its canonical text (``gain=leaky_relu(0.2)`` gives the string ``"leaky_relu(0.2)"``). Which names and
arguments are accepted is the schemes' business (:mod:`initlab.init.schemes`); this module only reads and
writes the syntax.
"""

from __future__ import annotations

import ast
import re

from initlab.errors import SpecError

Value = bool | int | float | str

_CALL = re.compile(r"[A-Za-z_]\w*\(.*\)")


def split_spec(text: object, what: str = "initializer spec") -> tuple[str, tuple[Value, ...], dict[str, Value]]:
    """Read ``text`` into ``(name, positional args, keyword args)``; any other shape is a one-line SpecError."""
    if not isinstance(text, str):
        raise SpecError(f"{what} must be a string, got {type(text).__name__} {text!r}")
    if not text.strip():
        raise SpecError(f"empty {what}; write a name such as 'he_normal' or a call such as 'normal(std=0.01)'")
    try:
        node = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError):
        raise _malformed(text, what, "not a name or a call such as normal(std=0.01)") from None
    if isinstance(node, ast.Name):
        return node.id, (), {}
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        raise _malformed(text, what, "expected a name or name(key=value, …)")
    args = tuple(_literal(arg, text, what, nested=True) for arg in node.args)
    kwargs: dict[str, Value] = {}
    for keyword in node.keywords:
        if keyword.arg is None:
            raise _malformed(text, what, "** arguments are not allowed")
        if keyword.arg in kwargs:  # ast.parse accepts repeated keywords; only compile() rejects them
            raise _malformed(text, what, f"{keyword.arg} is given twice")
        kwargs[keyword.arg] = _literal(keyword.value, text, what, nested=True)
    return node.func.id, args, kwargs


def format_spec(name: str, args: tuple[Value, ...] = (), kwargs: dict[str, Value] | None = None) -> str:
    """The canonical text ``name`` or ``name(a, key=value)`` that :func:`split_spec` reads back."""
    parts = [format_value(v) for v in args] + [f"{k}={format_value(v)}" for k, v in (kwargs or {}).items()]
    return f"{name}({', '.join(parts)})" if parts else name


def format_value(value: Value) -> str:
    """A value as spec text: repr for numbers, bare identifiers and gain calls unquoted, other strings quoted."""
    if isinstance(value, str):
        return value if value.isidentifier() or _CALL.fullmatch(value) else repr(value)
    return repr(value)


def _literal(node: ast.expr, text: str, what: str, nested: bool) -> Value:
    if isinstance(node, ast.Constant) and isinstance(node.value, bool | int | float | str):
        return node.value
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub | ast.UAdd)
        and isinstance(node.operand, ast.Constant)
        and isinstance(node.operand.value, int | float)
        and not isinstance(node.operand.value, bool)
    ):
        return -node.operand.value if isinstance(node.op, ast.USub) else node.operand.value
    if isinstance(node, ast.Name):
        return node.id
    if nested and isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        # A gain such as leaky_relu(0.2): kept as canonical text, read again by the gain's own check.
        return format_spec(node.func.id, tuple(_literal(arg, text, what, nested=False) for arg in node.args))
    raise _malformed(text, what, f"{ast.unparse(node)!r} is not a number, a name or a gain such as leaky_relu(0.2)")


def _malformed(text: str, what: str, reason: str) -> SpecError:
    return SpecError(f"malformed {what} {text!r}: {reason}")
