"""The alerts tests run on every store backend (the contract suite's `store_url`)."""

from __future__ import annotations

from tests.store.conftest import store_url

__all__ = ["store_url"]


import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Receiver:
    """A webhook receiver on 127.0.0.1: records every POST; answers 500 to the first `fail` of them."""

    url: str = ""
    fail: int = 0
    requests: list[dict[str, Any]] = field(default_factory=list)  # {"headers", "body", "status"}
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def delivered(self) -> list[dict[str, Any]]:
        """The POSTs answered 2xx."""
        return [r for r in self.requests if r["status"] == 200]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with state.lock:
                status = 500 if len(state.requests) < state.fail else 200
                state.requests.append({"headers": dict(self.headers), "body": body, "status": status})
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield state
    server.shutdown()
    server.server_close()


@dataclass
class Mailbox:
    host: str
    port: int
    messages: list[Any] = field(default_factory=list)  # email.message.EmailMessage


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    """An SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives; the SMTP settings point at it."""
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    with socket.socket() as sock:  # a free port (aiosmtpd checks its own start by connecting to it)
        sock.bind(("127.0.0.1", 0))
        box = Mailbox("127.0.0.1", sock.getsockname()[1])

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            box.messages.append(message_from_bytes(envelope.content, policy=policy.default))
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=box.port)
    controller.start()
    monkeypatch.setenv("RASAD_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("RASAD_SMTP_PORT", str(box.port))
    monkeypatch.setenv("RASAD_SMTP_STARTTLS", "0")
    yield box
    controller.stop()


@pytest.fixture
def allow_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Webhooks to the receiver on 127.0.0.1 pass the private-network guard; retries come at once."""
    monkeypatch.setenv("RASAD_ALLOW_PRIVATE_NETWORKS", "1")
    monkeypatch.setenv("RASAD_ALERT_RETRY_SECONDS", "0")


def body_of(request: dict[str, Any]) -> dict[str, Any]:
    return json.loads(request["body"])
