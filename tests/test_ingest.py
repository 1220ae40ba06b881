"""The ingest service: progress counted in articles, hooks called once for each article stored,
story linking, and bad files failing alone."""

from __future__ import annotations

import json
from pathlib import Path

from rasad.ingest import Ingestor, Progress, Stored
from rasad.store import open_store

SAMPLES = Path(__file__).resolve().parents[1] / "rasad" / "data" / "samples"


def dump(path: Path, n: int) -> Path:
    items = [{"title": f"خبر شماره {i} درباره آب", "abstract": f"چکیده خبر {i}.",
              "paragraphs": [f"متن خبر شماره {i} درباره مصرف آب در شهر است."], "link": f"https://isna.ir/news/{i}"}
             for i in range(n)]
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return path


def test_progress_counts_articles_not_files(memory_url: str, tmp_path: Path) -> None:
    big = dump(tmp_path / "dump.json", 40)
    seen: list[Progress] = []
    with open_store(memory_url) as store:
        report = Ingestor(store).ingest_paths([big, SAMPLES / "03_mehr_library_week.txt"], on_progress=seen.append)
    assert report.counts["added"] == 41
    inside_the_dump = [p for p in seen if p.files_done == 0]
    assert [p.articles_done for p in inside_the_dump] == list(range(1, 41))  # one step per article
    assert seen[-1] == Progress(2, 2, 41, 41, str(SAMPLES / "03_mehr_library_week.txt"))


def test_hooks_see_each_article_once_and_stories_link(memory_url: str) -> None:
    calls: list[Stored] = []
    with open_store(memory_url) as store:
        ingestor = Ingestor(store, hooks=[calls.append])
        first = ingestor.ingest_paths([SAMPLES])
        again = ingestor.ingest_paths([SAMPLES])
        assert first.counts["added"] == 4 and again.counts["unchanged"] == 4
        assert [c.status for c in calls] == ["added"] * 4 + ["unchanged"] * 4
        assert all(store.story_of(c.id) == c.story for c in calls[:4])


def test_a_bad_file_fails_alone(memory_url: str, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    errors = []
    with open_store(memory_url) as store:
        report = Ingestor(store).ingest_paths([tmp_path / "empty.txt", SAMPLES / "03_mehr_library_week.txt"],
                                              on_error=errors.append)
    assert report.counts["failed"] == 1 and report.counts["added"] == 1
    assert "empty.txt: empty file" in str(errors[0])


def test_articles_stored_but_never_linked_are_linked_on_restart(memory_url: str) -> None:
    """A process killed between storing an article and linking it leaves it unlinked; the next
    ingest service links it when its story keeper starts."""
    from rasad.pipeline import analyze_text

    with open_store(memory_url) as store:
        text = (SAMPLES / "03_mehr_library_week.txt").read_text(encoding="utf-8")
        orphan = store.add(analyze_text(text, "orphan.txt")).id  # stored, not linked: as after a kill
        assert store.story_of(orphan) is None
        Ingestor(store).ingest_paths([SAMPLES / "01_irna_water_khorasan.txt"])
        assert store.story_of(orphan) == orphan


def test_a_stage_that_crashes_on_one_file_fails_that_file_alone(memory_url: str) -> None:
    from rasad.pipeline import FunctionStage, Pipeline

    def fragile(article):  # type: ignore[no-untyped-def]
        if "هفته کتاب" in article.title:
            raise KeyError("a bug met only by this article")
        return article

    errors = []
    with open_store(memory_url) as store:
        report = Ingestor(store, Pipeline([FunctionStage(fragile, "fragile")])).ingest_paths(
            [SAMPLES], on_error=errors.append)
    assert report.counts["failed"] == 1 and report.counts["added"] == 3
    assert "could not be analyzed: KeyError" in str(errors[0]) and "03_mehr_library_week.txt" in str(errors[0])
