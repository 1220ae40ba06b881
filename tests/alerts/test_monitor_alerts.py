"""`rasad monitor` matches what it stores and delivers the alerts itself: a feed server and a
webhook receiver on 127.0.0.1 (the feed and pages of tests/test_monitor.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasad.cli import main
from tests.alerts.conftest import Receiver, body_of
from tests.test_monitor import Handler, sources_file


@pytest.fixture
def feeds() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Handler.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield Handler.base
    httpd.shutdown()


def test_monitor_once_delivers_what_it_matched(feeds: str, tmp_path: Path, memory_url: str, receiver: Receiver,
                                               allow_loopback: None) -> None:
    runner = CliRunner()
    env = {"RASAD_DB": memory_url}
    added = runner.invoke(main, ["watch", "add", "زعفران", "--query", "زعفران", "--webhook", receiver.url], env=env)
    assert added.exit_code == 0, added.output
    sources = sources_file(tmp_path, feeds, broken=False)
    args = ["monitor", "--once", "--sources", str(sources), "--host-interval", "0"]
    first = runner.invoke(main, args, env=env)
    assert first.exit_code == 0, first.output
    assert "alerts: 1 sent" in first.output
    [post] = receiver.requests
    assert body_of(post)["title"].startswith("برداشت زعفران در تربت") and body_of(post)["agency"] == "IRNA"
    again = runner.invoke(main, args, env=env)  # the same feed again: nothing new, nothing sent
    assert again.exit_code == 0 and len(receiver.requests) == 1
