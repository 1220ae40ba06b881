"""The command line's one error boundary: a RasadError becomes one line on stderr and the exit
status its class names (`rasad.errors.exit_code_for`), never a traceback. Every command that can
meet a library error wears `@fail_cleanly`, in `rasad.cli` and in the command groups it mounts."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

from rich.console import Console
from rich.markup import escape

from rasad.errors import RasadError, exit_code_for

__all__ = ["fail_cleanly", "report_error", "shown"]

_err = Console(stderr=True, soft_wrap=True)
# Control characters (ESC sequences clear a screen or set a window title), except newline and tab.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def shown(value: object) -> str:
    """Text from an article, a feed or a file name, safe to print with rich: control characters
    out, rich markup (`[bold]`, `[/]`) escaped so that it prints as written."""
    return escape(_CONTROL.sub("", "" if value is None else str(value)))


def report_error(error: BaseException) -> None:
    """One line on stderr: `rasad: <message>`."""
    _err.print("[red]rasad:[/red] " + shown(error), highlight=False)


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
