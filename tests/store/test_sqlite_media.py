"""SQLite on unfriendly media: a disk that fills up mid-ingest, and an archive on a read-only
filesystem. Each test mounts a small tmpfs (it needs root; without it, it skips with a message)."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasad.cli import main
from rasad.errors import StoreError
from rasad.models import Agency, Article
from rasad.store import open_store
from rasad.text.dates import TEHRAN


@pytest.fixture
def tmpfs(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A tmpfs of `size` (a mark's argument; 320k by default) mounted in tmp_path."""
    marker = request.node.get_closest_marker("disk_size")
    size = marker.args[0] if marker else "320k"
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()}): these tests need root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def article(n: int) -> Article:
    words = " ".join(uuid.UUID(int=n * 7919 + i).hex for i in range(60))  # text that does not compress away
    return Article(title=f"گزارش شماره {n}", paragraphs=[f"متن گزارش {n}: {words}"],
                   agency=Agency("IRNA", "خبرگزاری جمهوری اسلامی"), url=f"https://irna.ir/news/{n}",
                   published=datetime(2025, 11, 1, tzinfo=TEHRAN))


@pytest.mark.disk_size("512k")  # room for the empty schema (about 270k) and a few articles
def test_a_full_disk_is_a_store_error_and_loses_nothing_stored(tmpfs: Path) -> None:
    url = f"sqlite:///{tmpfs / 'full.db'}"
    stored = 0
    with open_store(url) as store, pytest.raises(StoreError, match=r"full\.db.*full"):
        for n in range(10_000):
            store.add(article(n))
            stored += 1
    assert stored > 0
    with open_store(url, write=False) as store:
        assert store.count() == stored  # the failed write left nothing half-done
    result = CliRunner().invoke(main, ["ingest", "-q", "--db", url, str(Path(__file__).parents[2] / "rasad" / "data"
                                                                        / "samples")])
    assert result.exit_code == 2 and "full" in result.output and "Traceback" not in result.output


@pytest.mark.disk_size("8m")
def test_an_archive_on_read_only_media_can_be_searched(tmpfs: Path) -> None:
    url = f"sqlite:///{tmpfs / 'archive.db'}"
    with open_store(url) as store:
        for n in range(3):
            store.add(article(n))
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    with open_store(url, write=False) as store:
        assert store.count() == 3 and store.search("گزارش").total == 3
    result = CliRunner().invoke(main, ["search", "گزارش", "--db", url, "--format", "jsonl"])
    assert result.exit_code == 0 and len(result.output.splitlines()) == 3
