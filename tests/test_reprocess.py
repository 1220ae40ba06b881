"""Reprocessing in this process (no cluster): what changes is written back and counted, a bad article
fails alone, an interrupted run resumes to the end state of an uninterrupted one, stories of
articles whose publisher changed are linked again, and the command line around it. The same on
Dask: tests/test_cluster.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rasad.cli import main
from rasad.ingest import Ingestor
from rasad.models import Article
from rasad.pipeline import FunctionStage, Pipeline, build_pipeline
from rasad.reprocess import ReprocessProgress, enrich_records, reprocess, what_changed
from rasad.store import open_store
from rasad.store.base import Store
from rasad.store.values import SearchFilters

SAMPLES = Path(__file__).resolve().parents[1] / "rasad" / "data" / "samples"


def snapshot(store: Store) -> dict[str, Any]:
    """What reprocessing may change: every record, every quote with its linked person, and the
    roles of the people quoted."""
    records = {a.id: a.record for a in store.iter_articles()}
    quotes = [(q.article_id, q.speaker, q.person_id, q.text) for q in store.quotes(limit=100_000)]
    people = {pid: [(r.role, r.first_seen, r.last_seen) for r in store.person_by_id(pid).roles]
              for pid in sorted({q[2] for q in quotes if q[2] is not None})}
    return {"records": records, "quotes": sorted(quotes, key=repr), "people": people}


@pytest.fixture
def old_archive(memory_url: str) -> str:
    """The shipped samples as a rasad without NER, quotes or places stored them."""
    with open_store(memory_url) as store:
        Ingestor(store, build_pipeline(stages=["metadata"])).ingest_paths([SAMPLES])
    return memory_url


def test_reprocessing_writes_back_what_the_new_stages_find(old_archive: str) -> None:
    full = build_pipeline()
    with open_store(old_archive) as store:
        before = {a.id: a.record for a in store.iter_articles()}
        assert all(not r["entities"] and not r["quotes"] for r in before.values())
        seen: list[ReprocessProgress] = []
        report = reprocess(store, full, size=3, on_progress=seen.append)
        after = {a.id: a.record for a in store.iter_articles()}
        expected = {i: full.enrich(Article.from_record(r)).to_record() for i, r in before.items()}
        for i in expected:
            expected[i]["url"], expected[i]["file"] = before[i]["url"], before[i]["file"]
        assert after == expected  # as if each article went through the new pipeline alone
        changed = sum(1 for i in before if before[i] != after[i])
        assert report.counts["read"] == len(before) and report.counts["changed"] == changed > 0
        assert report.counts["written"] == changed and report.counts["entities"] == changed
        assert report.counts["quotes"] == sum(1 for r in after.values() if r["quotes"])
        assert [p.partitions_done for p in seen] == list(range(0, report.partitions + 1))
        assert seen[-1].articles_done == seen[-1].articles_total == len(before)
        assert store.quotes(limit=5) and store.reprocess_runs()[0].finished_at is not None
        again = reprocess(store, full, size=3)  # a second run finds nothing to change
        assert again.run_id != report.run_id and again.counts["changed"] == 0 and again.resumed == 0


def _fails_on_rail(article: Article) -> Article:
    if "ریل" in article.title or "راه‌آهن" in article.title or "قطار" in article.title:
        raise ValueError("this stage cannot read trains")
    return article


def test_a_bad_article_fails_alone(old_archive: str) -> None:
    stages = build_pipeline().stages
    pipeline = Pipeline((FunctionStage(_fails_on_rail, "fussy"), *stages))
    with open_store(old_archive) as store:
        rail = [a.id for a in store.iter_articles() if _has_rail(a.record["title"])]
        assert len(rail) == 1
        failed: list[tuple[int, str]] = []
        report = reprocess(store, pipeline, on_failed=lambda i, why: failed.append((i, why)))
        assert failed == report.failed == [(rail[0], "ValueError: this stage cannot read trains")]
        assert report.counts["failed"] == 1 and report.counts["changed"] == report.counts["read"] - 1
        assert not store.get(rail[0]).record["entities"]  # left as it was
        assert all(a.record["entities"] for a in store.iter_articles() if a.id != rail[0])


def _has_rail(title: str) -> bool:
    try:
        _fails_on_rail(Article(title))
    except ValueError:
        return True
    return False


class Interrupted(Exception):
    pass


def test_an_interrupted_run_resumes_where_it_stopped(old_archive: str, tmp_path: Path) -> None:
    full = build_pipeline()
    with open_store(old_archive) as store:
        pristine = snapshot(store)

        def stop_after_two(progress: ReprocessProgress) -> None:
            if progress.partitions_done == 2:
                raise Interrupted

        with pytest.raises(Interrupted):
            reprocess(store, full, size=1, on_progress=stop_after_two)
        [run] = store.reprocess_runs()
        assert run.finished_at is None and [p.done for p in run.partitions][:3] == [True, True, False]
        resumed = reprocess(store, full, size=1)
        assert resumed.run_id == run.id and resumed.resumed == 2
        assert resumed.counts["read"] == sum(p.articles for p in run.partitions)
        interrupted_end = snapshot(store)
    # the same archive reprocessed without a stop
    url = f"sqlite:///{tmp_path / 'whole.db'}"
    with open_store(url) as other:
        Ingestor(other, build_pipeline(stages=["metadata"])).ingest_paths([SAMPLES])
        assert snapshot(other)["records"] == pristine["records"]
        reprocess(other, full, size=1)
        assert snapshot(other) == interrupted_end


def test_another_filter_or_stage_set_is_another_run(old_archive: str) -> None:
    with open_store(old_archive) as store:
        first = reprocess(store, build_pipeline(stages=["quotes"]), filters=SearchFilters(agency="IRNA"))
        assert first.counts["read"] == 1
        second = reprocess(store, build_pipeline(stages=["quotes"]))
        assert second.run_id != first.run_id and second.counts["read"] == store.count()


def test_what_changed_names_the_parts() -> None:
    old = {"quotes": [], "entities": [1], "persons": [], "title": "x"}
    assert what_changed(old, {**old, "quotes": [1]}) == ("quotes",)
    assert what_changed(old, {**old, "entities": [], "title": "y"}) == ("entities", "other")
    assert what_changed(old, dict(old)) == ()
    changed, failed = enrich_records(build_pipeline(stages=["metadata"]), [])
    assert changed == failed == []


def test_stories_of_articles_whose_publisher_changed_are_linked_again(memory_url: str) -> None:
    """A copy stored without its publisher, whose URL names it: reprocessing finds the publisher,
    and the story's citation follows."""
    text = ("به گزارش خبرگزاری ایرنا، مصرف آب در مشهد در هفته گذشته ده درصد بیشتر شد و شرکت آب و فاضلاب "
            "از مردم خواست در مصرف صرفه‌جویی کنند. مدیرعامل این شرکت گفت ذخایر سدها کم است.")
    from datetime import datetime

    from rasad.models import Agency
    from rasad.text.dates import TEHRAN

    first = Article("افزایش مصرف آب در مشهد", [text.replace("به گزارش خبرگزاری ایرنا، ", "")],
                    agency=Agency("IRNA", "خبرگزاری جمهوری اسلامی"), url="https://www.irna.ir/news/1",
                    published=datetime(2025, 11, 1, 9, tzinfo=TEHRAN))
    copy = Article("افزایش مصرف آب در مشهد", [text], url="https://www.isna.ir/news/2",
                   published=datetime(2025, 11, 1, 11, tzinfo=TEHRAN))
    with open_store(memory_url) as store:
        ingestor = Ingestor(store, build_pipeline(stages=[]))
        ids = [ingestor.store_article(first).id, ingestor.store_article(copy).id]
        assert store.get(ids[1]).record["agency"] is None
        report = reprocess(store, build_pipeline(stages=["metadata"]))
        assert store.get(ids[1]).record["agency"]["id"] == "ISNA"
        assert report.stories == 1
        story = store.story(store.story_of(ids[1]) or 0)
        assert [a.id for a in story.articles] == ids and story.articles[1].how and "cites" in story.articles[1].how


def test_the_command(old_archive: str) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["reprocess", "--db", old_archive, "--workers", "0", "--stages", "quotes,metadata",
                                  "--since", "2000-01-01", "-q"])
    assert result.exit_code == 0, result.output
    assert "changed (quotes" in result.output and "stages metadata,quotes" in result.output
    with open_store(old_archive) as store:
        assert store.quotes(limit=1)
    bad = runner.invoke(main, ["reprocess", "--db", old_archive, "--stages", "nothing"])
    assert bad.exit_code == 2 and "choose among" in bad.output
    both = runner.invoke(main, ["reprocess", "--db", old_archive, "--workers", "1", "--scheduler", "tcp://x:1"])
    assert both.exit_code == 2 and "not both" in both.output


def test_the_command_never_creates_a_database(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "rasad.db"
    result = CliRunner().invoke(main, ["reprocess", "--db", f"sqlite:///{missing}", "--workers", "0"])
    assert result.exit_code == 2 and "no database there" in result.output and not missing.parent.exists()


def test_reprocessing_matches_the_watches_again(old_archive: str) -> None:
    """A quote the old archive never had (no quote stage) alerts its person's watch once the
    archive is reprocessed, and only once, however often it is reprocessed."""
    from rasad.alerts.watches import create_watch
    from rasad.store.watch_values import WatchSpec

    with open_store(old_archive) as store:
        create_watch(store, "karimi", WatchSpec(person="حسین کریمی", quotes_only=True))
        assert store.alerts() == []
        report = reprocess(store, build_pipeline(), size=3)
        alerts = store.alerts()
        assert len(alerts) == 1 == report.counts["alerts"] and "گفت" in alerts[0].reason
        reprocess(store, build_pipeline(stages=["metadata", "quotes"]), size=3)  # another run
        assert len(store.alerts()) == 1
