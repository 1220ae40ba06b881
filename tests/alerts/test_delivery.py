"""Delivery end to end with real servers on 127.0.0.1: a webhook receiver (http.server) and an SMTP
server (aiosmtpd). A watch made with `rasad watch add`, a real Persian article ingested with
`rasad ingest`, `rasad alerts send`: one signed POST, one email; again: nothing more. A process
killed with SIGKILL after recording and before sending: the next pass sends once. A receiver that
fails three times: it gets the alert once. Giving up, the guard, digests, the Atom feed."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from importlib import resources
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from rasad.alerts.atom import ATOM, atom_feed
from rasad.alerts.deliver import Deliverer
from rasad.alerts.email import fa_digits
from rasad.alerts.match import Matcher
from rasad.alerts.watches import create_watch
from rasad.cli import main
from rasad.errors import InputError
from rasad.ingest import Ingestor
from rasad.store import open_store
from rasad.store.watch_values import WatchSpec
from tests.alerts.conftest import Mailbox, Receiver, body_of

SAMPLES = Path(str(resources.files("rasad.data").joinpath("samples")))
RAIL = SAMPLES / "04_tasnim_rail.txt"
REPO = Path(__file__).resolve().parents[2]


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result.output


def secret_of(db: str, name: str) -> str:
    return str(json.loads(run("watch", "show", name, "--db", db, "--format", "json"))["secret"])


def valid_signature(request: dict[str, Any], secret: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), request["body"], hashlib.sha256).hexdigest()
    return hmac.compare_digest(request["headers"]["X-Rasad-Signature"], expected)


@pytest.mark.slow
def test_cli_watch_ingest_send_once(db_url: str, receiver: Receiver, smtp: Mailbox, allow_loopback: None) -> None:
    run("watch", "add", "کریمی", "--db", db_url, "--person", "حسین کریمی", "--quotes-only",
        "--webhook", receiver.url, "--email", "analyst@example.ir")
    run("ingest", "-q", "--db", db_url, str(RAIL))
    assert receiver.requests == [] and smtp.messages == []  # ingest records; delivery is another step
    run("alerts", "send", "--db", db_url)
    [post] = receiver.requests
    assert valid_signature(post, secret_of(db_url, "کریمی"))
    body = body_of(post)
    assert body["watch"] == "کریمی" and body["title"] == "افتتاح خط ریلی رشت تا آستارا در سال آینده"
    assert (body["agency"], body["published"][:10], body["published_jalali"]) == ("Tasnim", "2025-11-05", "1404-08-14")
    assert body["quote"].startswith("عملیات اجرایی") and body["article_id"] >= 1 and "url" in body
    [mail] = smtp.messages
    assert mail["To"] == "analyst@example.ir" and "کریمی" in mail["Subject"] and "رشت" in mail["Subject"]
    assert isinstance(mail, EmailMessage)
    html, text = mail.get_body(("html",)), mail.get_body(("plain",))
    assert html is not None and text is not None
    assert 'dir="rtl"' in html.get_content() and "عملیات اجرایی" in text.get_content()
    # the same article again, and another pass: nothing more
    run("ingest", "-q", "--db", db_url, str(RAIL))
    run("alerts", "send", "--db", db_url)
    assert len(receiver.requests) == 1 and len(smtp.messages) == 1
    listed = [json.loads(line) for line in run("alerts", "--db", db_url, "--format", "jsonl").splitlines()]
    assert [a["watch"] for a in listed] == ["کریمی"]
    assert sorted(d["state"] for d in listed[0]["deliveries"]) == ["sent", "sent"]
    csv_out = run("alerts", "--db", db_url, "--format", "csv", "--watch", "کریمی").splitlines()
    assert csv_out[0].startswith("id,watch,article_id") and "کریمی" in csv_out[1]


KILLED_SCRIPT = """
import sys, time
from rasad.ingest import Ingestor
from rasad.store import open_store
with open_store(sys.argv[1]) as store:
    Ingestor(store).ingest_paths([sys.argv[2]])  # records the alert and its deliveries
    print("recorded", flush=True)
    time.sleep(120)  # killed here, before its delivery pass
"""


@pytest.mark.slow
def test_killed_between_recording_and_sending_delivers_once(db_url: str, receiver: Receiver,
                                                             allow_loopback: None) -> None:
    run("watch", "add", "rail", "--db", db_url, "--query", "راه آهن", "--webhook", receiver.url)
    process = subprocess.Popen([sys.executable, "-c", KILLED_SCRIPT, db_url, str(RAIL)], cwd=REPO,
                               stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "recorded"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL and receiver.requests == []
    run("alerts", "send", "--db", db_url)  # the restart
    run("alerts", "send", "--db", db_url)
    assert len(receiver.requests) == 1 and valid_signature(receiver.requests[0], secret_of(db_url, "rail"))


def test_fails_three_times_then_delivers_once(memory_url: str, receiver: Receiver, allow_loopback: None) -> None:
    receiver.fail = 3
    with open_store(memory_url) as store:
        create_watch(store, "rail", WatchSpec(query="ریلی", webhook=receiver.url))
        Ingestor(store).ingest_paths([RAIL])
    for n in range(3):
        assert "0 sent, 1 to retry" in run("alerts", "send", "--db", memory_url, code=1)
        assert len(receiver.requests) == n + 1
    run("alerts", "send", "--db", memory_url)
    run("alerts", "send", "--db", memory_url)
    assert len(receiver.requests) == 4 and len(receiver.delivered) == 1
    assert len({r["headers"]["X-Rasad-Delivery"] for r in receiver.requests}) == 1  # one delivery, tried 4 times
    with open_store(memory_url) as store:
        [delivery] = store.deliveries()
    assert (delivery.state, delivery.attempts) == ("sent", 4)


def test_gives_up_and_shows_the_failure(memory_url: str, receiver: Receiver, allow_loopback: None,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASAD_ALERT_ATTEMPTS", "2")
    receiver.fail = 100
    with open_store(memory_url) as store:
        create_watch(store, "rail", WatchSpec(query="ریلی", webhook=receiver.url))
        Ingestor(store).ingest_paths([RAIL])
    run("alerts", "send", "--db", memory_url, code=1)
    assert "1 given up" in run("alerts", "send", "--db", memory_url, code=1)
    run("alerts", "send", "--db", memory_url)  # nothing left to try
    assert len(receiver.requests) == 2
    shown = run("watch", "show", "rail", "--db", memory_url)
    assert "failed" in shown and "HTTP 500" in shown and "1 failed" in shown


def test_private_webhook_refused_without_the_setting(memory_url: str, receiver: Receiver,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A watch made while private networks were allowed, sent after they no longer are: refused, given up."""
    with open_store(memory_url) as store:
        monkeypatch.setenv("RASAD_ALLOW_PRIVATE_NETWORKS", "1")
        create_watch(store, "rail", WatchSpec(query="ریلی", webhook=receiver.url))
        monkeypatch.delenv("RASAD_ALLOW_PRIVATE_NETWORKS")
        with pytest.raises(InputError, match="loopback"):  # and a new one is refused when it is made
            create_watch(store, "rail-2", WatchSpec(query="ریلی", webhook=receiver.url))
        Ingestor(store).ingest_paths([RAIL])
    output = run("alerts", "send", "--db", memory_url, code=1)
    assert "refused" in output and "loopback" in output and receiver.requests == []
    with open_store(memory_url) as store:
        [delivery] = store.deliveries()
    assert delivery.state == "failed" and "RASAD_ALLOW_PRIVATE_NETWORKS" in (delivery.last_error or "")


def test_email_digest_gathers_the_hour(memory_url: str, smtp: Mailbox) -> None:
    """Alerts of a digest watch wait for the end of their hour, then go as one message."""
    start = datetime(2025, 11, 5, 9, 10, tzinfo=UTC)
    clock = [start]
    with open_store(memory_url) as store:
        create_watch(store, "all", WatchSpec(query="خبر", email="desk@example.ir", digest="hourly"))
        create_watch(store, "each", WatchSpec(query="خبر", email="each@example.ir"))
        ingestor = Ingestor(store, match_watches=False)
        matcher = Matcher(store, clock=lambda: clock[0])
        ingestor.hooks.append(matcher)
        ingestor.ingest_paths(sorted(SAMPLES.glob("*.txt")))
        matching = store.search("خبر").total
        assert matching >= 2
        deliverer = Deliverer(store, clock=lambda: clock[0])
        report = deliverer.run_once()
        assert report.sent == matching and all(m["To"] == "each@example.ir" for m in smtp.messages)
        clock[0] = start + timedelta(minutes=49, seconds=59)
        assert deliverer.run_once().sent == 0
        clock[0] = start + timedelta(minutes=50)
        assert deliverer.run_once().sent == matching  # every row of the digest, in one message
        deliverer.close()
    digest = smtp.messages[-1]
    assert len(smtp.messages) == matching + 1 and digest["To"] == "desk@example.ir"
    assert f"{fa_digits(matching)} هشدار" in digest["Subject"]
    assert digest.get_body(("plain",)).get_content().count("/articles/") == matching


def test_atom_feed(memory_url: str) -> None:
    with open_store(memory_url) as store:
        watch = create_watch(store, "rail", WatchSpec(person="حسین کریمی", quotes_only=True))
        Ingestor(store).ingest_paths([RAIL])
        alerts = store.alerts(watch_id=watch.id)
    xml = atom_feed(watch, alerts, "https://rasad.example", f"https://rasad.example/watches/feed/{watch.feed_token}.atom")
    feed = ET.fromstring(xml)
    [entry] = feed.findall(f"{{{ATOM}}}entry")
    assert entry.findtext(f"{{{ATOM}}}title") == "افتتاح خط ریلی رشت تا آستارا در سال آینده"
    assert entry.find(f"{{{ATOM}}}link").get("href") == f"https://rasad.example/articles/{alerts[0].article_id}"
    assert "عملیات اجرایی" in (entry.findtext(f"{{{ATOM}}}summary") or "")


def test_serve_delivers_in_the_background(memory_url: str, receiver: Receiver, allow_loopback: None,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The app `rasad serve` runs (deliver=True) sends alerts recorded by another writer meanwhile."""
    import time

    monkeypatch.setenv("RASAD_ALERT_INTERVAL", "0.5")
    from fastapi.testclient import TestClient

    from rasad.web import create_app

    with open_store(memory_url) as store:
        create_watch(store, "rail", WatchSpec(query="ریلی", webhook=receiver.url))
    with TestClient(create_app(memory_url, deliver=True)):
        with open_store(memory_url) as store:
            Ingestor(store).ingest_paths([RAIL])  # the worker's pass every RASAD_ALERT_INTERVAL picks it up
        deadline = time.monotonic() + 30
        while not receiver.requests and time.monotonic() < deadline:
            time.sleep(0.1)
    assert len(receiver.delivered) == 1 and body_of(receiver.requests[0])["watch"] == "rail"
