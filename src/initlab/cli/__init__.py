"""The ``initlab`` command: parses, calls a study, renders, saves. No maths lives here.

Each command is a module of this package that registers itself on the click group :data:`app`.
User mistakes (an :class:`~initlab.errors.InitlabError` or a bad option) print ``error: …`` on one line and
exit with status 2, never a traceback.
"""

from __future__ import annotations

import sys

import click

from initlab.cli.app import app, err_console
from initlab.errors import InitlabError

# Importing a command module registers its command on `app`.
from initlab.cli import activations, gradcheck, inits, meanfield, report, symmetry, train  # noqa: F401  isort: skip


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: sys.argv) and return the exit status."""
    try:
        status = app.main(args=argv, prog_name="initlab", standalone_mode=False)
    except click.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        _error(f"{exc.format_message()}{hint}")
        return 2
    except InitlabError as exc:
        _error(str(exc))
        return 2
    except (click.Abort, KeyboardInterrupt):
        _error("interrupted")
        return 130
    return status if isinstance(status, int) else 0


def _error(message: str) -> None:
    err_console.print(f"error: {message}", markup=False, highlight=False, soft_wrap=True)


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
