"""Alert emails: a Persian subject, a right-to-left HTML body with a plain-text part, one alert or
a digest of several; sent over SMTP with the settings `smtp_*` (STARTTLS and login when set)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from rasad import settings
from rasad.errors import ConfigError
from rasad.store.values import jalali
from rasad.store.watch_values import Alert, Watch

TIMEOUT = 30.0  # seconds for the SMTP conversation
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def fa_digits(value: object) -> str:
    return "" if value is None else str(value).translate(_FA_DIGITS)


def jalali_day(value: str | None) -> str:
    """`2025-11-02T09:30:00+03:30` -> `۱۴۰۴/۰۸/۱۱` (empty for no date)."""
    return fa_digits((jalali(value) or "").replace("-", "/"))


@cache
def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), undefined=StrictUndefined,
                      autoescape=lambda name: bool(name and name.endswith(".html")), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters.update(fa=fa_digits, jdate=jalali_day)
    return env


def subject(watch: Watch, alerts: list[Alert]) -> str:
    if len(alerts) == 1:
        return f"رصد · {watch.name}: {alerts[0].title}"
    return f"رصد · {watch.name}: {fa_digits(len(alerts))} هشدار تازه"


def build_message(watch: Watch, alerts: list[Alert], to: str, base_url: str | None = None) -> EmailMessage:
    """The email of one alert, or of a digest's alerts (newest first)."""
    values = {"watch": watch, "alerts": alerts, "base_url": (base_url or settings.get("base_url")).rstrip("/"),
              "subject": subject(watch, alerts)}
    message = EmailMessage()
    message["Subject"] = values["subject"]
    message["From"] = settings.get("smtp_from")
    message["To"] = to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="rasad")
    message.set_content(_templates().get_template("email.txt").render(values))
    message.add_alternative(_templates().get_template("email.html").render(values), subtype="html")
    return message


def send_message(message: EmailMessage) -> None:
    """Send over SMTP. Raises ConfigError without a server, smtplib.SMTPException or OSError on failure."""
    host = settings.get("smtp_host")
    if not host:
        raise ConfigError("RASAD_SMTP_HOST is not set: email alerts wait until it is")
    with smtplib.SMTP(host, settings.get("smtp_port"), timeout=TIMEOUT) as smtp:
        if settings.get("smtp_starttls"):
            smtp.starttls()
        user = settings.get("smtp_user")
        if user:
            smtp.login(user, settings.get("smtp_password") or "")
        smtp.send_message(message)


__all__ = ["build_message", "fa_digits", "jalali_day", "send_message", "subject"]
