"""Every setting rasad reads from the environment, in one table.

`SETTINGS` lists each setting once: its name, default, environment variable, help and parser. The
table drives the defaults (`get`), the validation (a bad value raises ConfigError naming the
variable and the value) and the `## Environment` section of docs/cli.md (`settings_markdown`; a
test checks the file agrees). Values are read from the environment when asked for, never at import
and never cached, so a test can set a variable (monkeypatch.setenv) and the next call sees it.
No other module reads `os.environ`.

    >>> from rasad import settings
    >>> settings.get("max_bytes")
    5242880
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasad.errors import ConfigError

__all__ = ["SETTINGS", "Setting", "default_db_url", "get", "setting", "settings_markdown"]


def _per_user_db(name: str = "rasad.db") -> str:
    """A database file in the user's data folder: $XDG_DATA_HOME/rasad/NAME (~/.local/share/rasad)."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'rasad' / name}"


def _positive_int(raw: str) -> int:
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        raise ValueError("not a whole number of bytes") from None
    if value <= 0:
        raise ValueError("must be above 0")
    return value


def _threads(raw: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ValueError("not a whole number of threads") from None
    if value <= 0:
        raise ValueError("must be above 0")
    return value


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _flag(raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError("use 1 or 0 (true/false, yes/no, on/off)")


def _count(raw: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ValueError("not a whole number") from None
    if value <= 0:
        raise ValueError("must be above 0")
    return value


def _seconds(raw: str) -> float:
    try:
        value = float(raw.strip())
    except ValueError:
        raise ValueError("not a number of seconds") from None
    if value < 0:
        raise ValueError("must be 0 or more")
    return value


def _port(raw: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ValueError("not a port number") from None
    if not 0 < value < 65536:
        raise ValueError("must be between 1 and 65535")
    return value


def _text(raw: str) -> str:
    return raw.strip()


def _path(raw: str) -> Path:
    return Path(raw.strip()).expanduser()


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting. `default` is a value, or a function giving it when asked (it may depend on
    the environment, as the per-user database does); `shown` is the default as docs print it."""

    name: str
    default: Any
    env: str
    help: str
    parse: Callable[[str], Any] = _text
    shown: str = ""

    def value(self) -> Any:
        """The value now: the environment variable parsed, or the default when it is unset or empty."""
        raw = os.environ.get(self.env)
        if raw is None or not raw.strip():
            return self.default() if callable(self.default) else self.default
        try:
            return self.parse(raw)
        except ValueError as error:
            raise ConfigError(f"{self.env}={raw!r}: {error}") from None


SETTINGS: tuple[Setting, ...] = (
    Setting("db", _per_user_db, "RASAD_DB",
            "the database URL (`sqlite:///path.db` or `postgresql://user@host:port/name`); `--db` overrides it",
            shown="`sqlite:///~/.local/share/rasad/rasad.db` (under `$XDG_DATA_HOME` when set)"),
    Setting("demo_db", lambda: _per_user_db("demo.db"), "RASAD_DEMO_DB",
            "the database `rasad demo` fills with the shipped samples (never the default one); `--db` overrides it",
            shown="`sqlite:///~/.local/share/rasad/demo.db` (under `$XDG_DATA_HOME` when set)"),
    Setting("sources", None, "RASAD_SOURCES", "the sources file for `monitor` and `sources`; "
            "`--sources`/`--file` override it", _path, shown="the shipped list"),
    Setting("max_bytes", 5 * 1024 * 1024, "RASAD_MAX_BYTES", "the largest input file read, in bytes",
            _positive_int, shown="5242880 (5 MB)"),
    Setting("allow_private_networks", False, "RASAD_ALLOW_PRIVATE_NETWORKS",
            "`1` lets the fetcher reach private and loopback addresses (tests)", _flag, shown="0"),
    Setting("ner_model", None, "RASAD_NER_MODEL", "a NER model folder instead of the shipped one (a rasad "
            "model or a Hugging Face token-classification folder); `--ner-model` overrides it", _path,
            shown="the shipped model"),
    Setting("blas_threads", 1, "RASAD_BLAS_THREADS", "threads numpy's BLAS may use for the NER model; one is "
            "fastest under load and with several workers (numpy's default, one per core, is 2-5 times slower "
            "on a busy machine)", _threads, shown="1"),
    Setting("alert_attempts", 8, "RASAD_ALERT_ATTEMPTS", "how many times an alert's webhook or email is tried "
            "before it is given up (shown as failed in `rasad alerts` and on the watch's page)", _count, shown="8"),
    Setting("alert_retry_seconds", 30.0, "RASAD_ALERT_RETRY_SECONDS", "the wait before the first retry of a failed "
            "delivery, doubled at each further failure (at most 6 hours)", _seconds, shown="30"),
    Setting("alert_interval", 10.0, "RASAD_ALERT_INTERVAL", "seconds between two delivery passes inside `rasad "
            "monitor` and `rasad serve` (a new alert is sent at once)", _seconds, shown="10"),
    Setting("smtp_host", None, "RASAD_SMTP_HOST", "the SMTP server that sends alert emails", shown="none: "
            "email alerts wait, retried, until it is set"),
    Setting("smtp_port", 587, "RASAD_SMTP_PORT", "the SMTP server's port", _port, shown="587"),
    Setting("smtp_starttls", True, "RASAD_SMTP_STARTTLS", "`1` switches the SMTP connection to TLS (STARTTLS) "
            "before logging in", _flag, shown="1"),
    Setting("smtp_user", None, "RASAD_SMTP_USER", "the SMTP login (none: no login)", shown="none"),
    Setting("smtp_password", None, "RASAD_SMTP_PASSWORD", "the SMTP password", shown="none"),
    Setting("smtp_from", "rasad@localhost", "RASAD_SMTP_FROM", "the From address of alert emails",
            shown="`rasad@localhost`"),
    Setting("base_url", "http://127.0.0.1:8000", "RASAD_BASE_URL", "the web app's address as readers reach it: "
            "links in alert emails, webhooks and feeds", shown="`http://127.0.0.1:8000`"),
    Setting("secret_key", None, "RASAD_SECRET_KEY", "the key that signs the web app's login cookies (keep it "
            "secret; unset: a random key per process, so logins end when `rasad serve` restarts)", shown="random"),
    Setting("shared", lambda: Path(__file__).resolve().parents[2] / "shared", "RASAD_SHARED",
            "where the development data is (tests and benchmarks)", _path, shown="`../shared` beside the repository"),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    """The table's row for `name` (KeyError for a name not in the table)."""
    return _BY_NAME[name]


def get(name: str) -> Any:
    """The setting's value now (read from the environment at this call). Raises ConfigError for a
    value that does not parse."""
    return setting(name).value()


def default_db_url() -> str:
    """RASAD_DB, or a per-user file: $XDG_DATA_HOME/rasad/rasad.db (~/.local/share/rasad/rasad.db)."""
    return str(get("db"))


def settings_markdown() -> str:
    """The `## Environment` section of docs/cli.md, made from the table."""
    lines = [
        "## Environment",
        "",
        "Read when used, never at import (`rasad/settings.py` holds the table this is made from); a",
        "value that does not parse is a setup error (exit status 2) naming the variable.",
        "",
        "| variable | default | meaning |",
        "|---|---|---|",
    ]
    lines += [f"| `{s.env}` | {s.shown or s.default} | {s.help} |" for s in SETTINGS]
    return "\n".join(lines) + "\n"
