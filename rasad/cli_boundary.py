"""The command line's one error boundary: a RasadError becomes one line on stderr and the exit
status its class names (`rasad.errors.exit_code_for`), never a traceback. Every command that can
meet a library error wears `@fail_cleanly`, in `rasad.cli` and in the command groups it mounts."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

from rich.console import Console
from rich.markup import escape

from rasad.errors import RasadError, exit_code_for

__all__ = ["fail_cleanly", "report_error"]

_err = Console(stderr=True, soft_wrap=True)


def report_error(error: BaseException) -> None:
    """One line on stderr: `rasad: <message>`."""
    _err.print("[red]rasad:[/red] " + escape(str(error)), highlight=False)


def fail_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one message and the exit status of their class."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RasadError as exc:
            report_error(exc)
            sys.exit(exit_code_for(exc))

    return wrapper
