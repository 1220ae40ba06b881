"""The error tree: every error survives pickling, each class maps once to an exit code and an HTTP
status, and the CLI's commands all exit through that one mapping."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasad import errors
from rasad.cli import main
from rasad.errors import (
    AmbiguousName,
    ClusterError,
    ConfigError,
    Conflict,
    FetchError,
    Forbidden,
    InputError,
    ModelError,
    NotAuthenticated,
    NotFound,
    RasadError,
    StoreError,
    exit_code_for,
    http_status_for,
)
from rasad.store.values import PersonCandidate

ERRORS = [
    RasadError("something"), InputError("a.txt", "empty file"), ConfigError("bad setting"),
    StoreError("locked"), NotFound("no article with id 3"), FetchError("https://x.ir/", "HTTP 500"),
    ModelError("no model"), ClusterError("no scheduler at tcp://127.0.0.1:1"),
    AmbiguousName("مومنی", [PersonCandidate(1, "اسکندر مومنی", 3, "وزیر کشور")]),
    Conflict("a watch named 'x' exists already"), NotAuthenticated("log in"), Forbidden("bad CSRF token"),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_errors_round_trip_through_pickle(error: RasadError) -> None:
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error) and str(back) == str(error) and back.args == error.args
    assert vars(back) == vars(error)


def test_attributes_survive_pickling() -> None:
    back = pickle.loads(pickle.dumps(InputError("a.txt", "empty file")))
    assert (back.source, back.reason) == ("a.txt", "empty file")
    back_fetch = pickle.loads(pickle.dumps(FetchError("https://x.ir/", "timeout")))
    assert (back_fetch.url, back_fetch.reason) == ("https://x.ir/", "timeout")


def test_every_class_has_its_codes() -> None:
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, RasadError)]
    assert len(classes) == 12
    for cls in classes:
        assert cls.exit_code in (1, 2) and 400 <= cls.http_status < 600


@pytest.mark.parametrize(("error", "code", "status"), [
    (InputError("a", "b"), 1, 422), (FetchError("u", "r"), 1, 502), (ConfigError("c"), 2, 500),
    (StoreError("s"), 2, 503), (NotFound("n"), 2, 404), (ModelError("m"), 2, 500), (ValueError("v"), 1, 500),
    (Conflict("c"), 2, 409), (NotAuthenticated("a"), 2, 401), (Forbidden("f"), 2, 403), (ClusterError("d"), 2, 503),
])
def test_mapping(error: BaseException, code: int, status: int) -> None:
    assert exit_code_for(error) == code and http_status_for(error) == status


def test_a_bad_sources_file_exits_the_same_from_every_command(tmp_path: Path) -> None:
    bad = tmp_path / "sources.toml"
    bad.write_text("[[source]]\nname = 1\n", encoding="utf-8")
    runner = CliRunner()
    env = {"RASAD_DB": f"sqlite:///{tmp_path / 'r.db'}"}
    listed = runner.invoke(main, ["sources", "list", "--file", str(bad)], env=env)
    monitored = runner.invoke(main, ["monitor", "--once", "--sources", str(bad)], env=env)
    checked = runner.invoke(main, ["sources", "check", "--file", str(bad)], env=env)
    for result in (listed, monitored, checked):
        assert result.exit_code == 2, result.output
        assert str(bad) in result.output and "Traceback" not in result.output


def test_sources_remove_removes_only_the_named_source(tmp_path: Path) -> None:
    from rasad.sources import Source, load_sources, save_sources

    path = tmp_path / "sources.toml"
    save_sources([Source("ایرنا", "IRNA", ["https://irna.ir/rss"], "irna.ir", 300),
                  Source("ایرنا استان‌ها", "IRNA", ["https://irna.ir/provinces/rss"], "irna.ir", 300)], path)
    runner = CliRunner()
    by_agency = runner.invoke(main, ["sources", "remove", "IRNA", "--file", str(path)])
    assert by_agency.exit_code == 2 and "no source named 'IRNA'" in by_agency.output
    assert "ایرنا استان‌ها" in by_agency.output  # the hint names the agency's sources
    assert runner.invoke(main, ["sources", "remove", "ایرنا", "--file", str(path)]).exit_code == 0
    assert [s.name for s in load_sources(path)] == ["ایرنا استان‌ها"]


def test_sources_add_to_a_new_file_says_it_started_from_the_shipped_list(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    result = CliRunner().invoke(main, ["sources", "add", "آزمایشی", "--agency", "TEST", "--feed",
                                       "https://test.ir/rss", "--domain", "test.ir", "--file", str(path)])
    assert result.exit_code == 0, result.output
    assert "started from the shipped source list" in result.output
    again = CliRunner().invoke(main, ["sources", "add", "دیگر", "--agency", "TEST2", "--feed",
                                      "https://test2.ir/rss", "--domain", "test2.ir", "--file", str(path)])
    assert again.exit_code == 0 and "shipped" not in again.output


def test_ner_bad_model_is_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ner", "--ner-model", str(tmp_path)], input="تهران\n")
    assert result.exit_code == 2 and "neither model.json" in result.output
