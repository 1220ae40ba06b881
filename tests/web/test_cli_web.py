"""`rasad serve`: a missing database fails at once (exit 2); otherwise uvicorn gets the app."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from rasad.cli import main


def test_serve_refuses_a_missing_database(tmp_path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", f"sqlite:///{tmp_path / 'none.db'}"])
    assert result.exit_code == 2 and "no database" in result.output
    assert not (tmp_path / "none.db").exists()


def test_serve_runs_the_app_on_the_address_given(samples_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    monkeypatch.setenv("RASAD_DB", samples_url)
    result = CliRunner().invoke(main, ["serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123
    assert seen["app"].state.db_url == samples_url


def test_serve_help_says_how_to_serve_others() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "docs/web.md" in result.output and "reverse proxy" in result.output and "127.0.0.1" in result.output
