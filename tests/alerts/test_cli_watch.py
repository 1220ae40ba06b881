"""`rasad watch`, `rasad alerts` and `rasad user` on the command line: what they print, refuse and
store (delivery itself: test_delivery.py)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from click.testing import CliRunner

from rasad.cli import main
from rasad.store import open_store

RAIL = Path(str(resources.files("rasad.data").joinpath("samples"))) / "04_tasnim_rail.txt"


def run(*args: str, code: int = 0, input: str | None = None) -> str:
    result = CliRunner().invoke(main, list(args), input=input)
    assert result.exit_code == code, result.output
    return result.output


def test_watch_add_list_show_remove(memory_url: str) -> None:
    out = run("watch", "add", "ریل", "--db", memory_url, "--query", "راه آهن", "--agency", "تسنیم",
              "--email", "desk@example.ir", "--digest", "daily")
    assert "added watch ریل (#1)" in out and "webhook secret:" in out and "/watches/feed/" in out
    [listed] = [json.loads(line) for line in run("watch", "list", "--db", memory_url, "--format", "jsonl").splitlines()]
    assert (listed["query"], listed["agency"], listed["digest"]) == ("راه آهن", "Tasnim", "daily")
    assert "secret" not in listed
    shown = json.loads(run("watch", "show", "ریل", "--db", memory_url, "--format", "json"))
    assert len(shown["secret"]) == 64 and shown["deliveries"] == {"pending": 0, "sending": 0, "sent": 0, "failed": 0}
    assert "ریل" in run("watch", "list", "--db", memory_url)
    run("ingest", "-q", "--db", memory_url, str(RAIL))
    assert "افتتاح خط ریلی" in run("watch", "show", "1", "--db", memory_url)
    table = run("alerts", "--db", memory_url, "--since", "1404/01/01")
    assert "1 alerts" in table and "email pending" in table  # a daily digest waits for its day's end
    assert run("alerts", "--db", memory_url, "--since", "2030-01-01", "--format", "jsonl") == ""
    assert "removed watch ریل" in run("watch", "remove", "ریل", "--db", memory_url)
    assert "no watch" in run("watch", "show", "ریل", "--db", memory_url, code=2)


def test_watch_add_refusals(memory_url: str) -> None:
    assert "give something to match" in run("watch", "add", "x", "--db", memory_url, code=1)
    assert "is not an http(s) URL" in run("watch", "add", "x", "--db", memory_url, "-q", "آب", "--webhook",
                                         "file:///etc/passwd", code=1)
    assert "needs a person" in run("watch", "add", "x", "--db", memory_url, "-q", "آب", "--quotes-only", code=1)
    refused = run("watch", "add", "x", "--db", memory_url, "-q", "آب", "--webhook", "http://127.0.0.1:9/x", code=1)
    assert "loopback" in refused and "RASAD_ALLOW_PRIVATE_NETWORKS" in refused
    run("watch", "add", "x", "--db", memory_url, "-q", "آب")
    assert "exists already" in run("watch", "add", "x", "--db", memory_url, "-q", "نان", code=2)
    assert "is not a date" in run("alerts", "--db", memory_url, "--since", "someday", code=2)


def test_user_add(memory_url: str) -> None:
    assert "added user sara" in run("user", "add", "sara", "--db", memory_url, input="a-long-password\n")
    with open_store(memory_url) as store:
        assert store.user("sara").password_hash.startswith("$argon2id$")
    assert "exists already" in run("user", "add", "sara", "--db", memory_url, input="another-password\n", code=2)
    assert "at least 8 characters" in run("user", "add", "reza", "--db", memory_url, input="short\n", code=1)
