"""The settings table: read at call time, validated, and the source of docs/cli.md's environment section."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from rasad import settings
from rasad.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]


def test_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for row in settings.SETTINGS:
        monkeypatch.delenv(row.env, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert settings.get("max_bytes") == 5 * 1024 * 1024
    assert settings.get("allow_private_networks") is False
    assert settings.get("sources") is None and settings.get("ner_model") is None
    assert settings.default_db_url() == f"sqlite:///{tmp_path / 'rasad' / 'rasad.db'}"


def test_read_at_each_call(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASAD_MAX_BYTES", "1000")
    assert settings.get("max_bytes") == 1000
    monkeypatch.setenv("RASAD_MAX_BYTES", "2000")
    assert settings.get("max_bytes") == 2000
    monkeypatch.setenv("RASAD_DB", "sqlite:///x.db")
    assert settings.default_db_url() == "sqlite:///x.db"
    monkeypatch.setenv("RASAD_ALLOW_PRIVATE_NETWORKS", "yes")
    assert settings.get("allow_private_networks") is True
    monkeypatch.setenv("RASAD_ALLOW_PRIVATE_NETWORKS", "0")
    assert settings.get("allow_private_networks") is False


@pytest.mark.parametrize(("env", "name", "raw"), [
    ("RASAD_MAX_BYTES", "max_bytes", "abc"), ("RASAD_MAX_BYTES", "max_bytes", "-5"),
    ("RASAD_ALLOW_PRIVATE_NETWORKS", "allow_private_networks", "maybe"),
])
def test_bad_value_names_variable_and_value(monkeypatch: pytest.MonkeyPatch, env: str, name: str, raw: str) -> None:
    monkeypatch.setenv(env, raw)
    with pytest.raises(ConfigError, match=re.escape(f"{env}={raw!r}")):
        settings.get(name)


def test_bad_max_bytes_is_a_clean_exit_not_an_import_traceback(tmp_path: Path) -> None:
    env = {"RASAD_MAX_BYTES": "abc", "PATH": "", "HOME": str(tmp_path)}
    normalized = subprocess.run([sys.executable, "-m", "rasad.cli", "normalize"], input="سلام\n", env=env,
                                capture_output=True, text=True, cwd=REPO, timeout=60)
    assert normalized.returncode == 0 and "Traceback" not in normalized.stderr
    article = tmp_path / "a.txt"
    article.write_text("عنوان\n\nمتن خبر.\n", encoding="utf-8")
    analyzed = subprocess.run([sys.executable, "-m", "rasad.cli", "analyze", str(article), str(article)], env=env,
                              capture_output=True, text=True, cwd=REPO, timeout=120)
    assert analyzed.returncode == 2 and "Traceback" not in analyzed.stderr
    assert analyzed.stderr.count("RASAD_MAX_BYTES='abc'") == 1, analyzed.stderr


def test_docs_environment_section_is_the_table() -> None:
    docs = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    start = docs.index("## Environment")
    end = docs.find("\n## ", start + 1)
    section = docs[start:] if end < 0 else docs[start:end + 1]
    assert section == settings.settings_markdown()
    for row in settings.SETTINGS:
        assert f"`{row.env}`" in section


def test_every_variable_the_code_names_is_in_the_table() -> None:
    named = set()
    for path in (REPO / "rasad").rglob("*.py"):
        named |= set(re.findall(r"\bRASAD_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    assert named <= {row.env for row in settings.SETTINGS}


def test_only_settings_reads_the_environment() -> None:
    readers = [p.relative_to(REPO).as_posix() for p in (REPO / "rasad").rglob("*.py")
               if "os.environ" in p.read_text(encoding="utf-8") or "getenv" in p.read_text(encoding="utf-8")]
    # rasad/store/base.py keeps its own default_db_url until the store switches to settings.default_db_url
    assert set(readers) <= {"rasad/settings.py", "rasad/store/base.py"}


def test_sources_file_comes_from_the_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from rasad.cli import main
    from rasad.sources import Source, save_sources

    path = tmp_path / "mine.toml"
    save_sources([Source("تنها", "ONLY", ["https://only.ir/rss"], "only.ir", 300)], path)
    result = CliRunner().invoke(main, ["sources", "list"], env={"RASAD_SOURCES": str(path)})
    assert result.exit_code == 0 and "ONLY" in result.output and "IRNA" not in result.output
    missing = CliRunner().invoke(main, ["sources", "list"], env={"RASAD_SOURCES": str(tmp_path / "no.toml")})
    assert missing.exit_code == 2 and "sources file not found" in missing.output
