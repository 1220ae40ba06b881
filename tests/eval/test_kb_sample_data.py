"""The hand-checked people sample (bench/kb, issue #15): judgments for exactly the seeded sample,
with valid verdicts and reasons, and the two figures as bench/kb_sample.py counts them."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.kb_sample import (
    JUDGED_PEOPLE,
    JUDGMENTS,
    SAMPLE,
    VERDICTS,
    judged_people,
    read_judgments,
    report,
    sample_ids,
    tally,
)

JUDGMENT_FILES = sorted(JUDGMENTS.parent.glob("judgments*.tsv"))


def test_the_before_and_after_judgments_are_there() -> None:
    names = {p.name for p in JUDGMENT_FILES}
    assert {"judgments.tsv", "judgments_after.tsv"} <= names
    assert judged_people(JUDGMENTS.parent / "judgments.tsv") == JUDGED_PEOPLE  # no `# people:` line
    assert judged_people(JUDGMENTS) != JUDGED_PEOPLE


@pytest.mark.parametrize("path", JUDGMENT_FILES, ids=lambda p: p.name)
def test_judgments_cover_exactly_the_seeded_sample(path: Path) -> None:
    judged = read_judgments(path)
    assert sorted(judged) == sample_ids(judged_people(path))
    assert len(judged) == SAMPLE
    for person_id, (name, verdict, others, reason) in judged.items():
        assert name and verdict in VERDICTS and len(reason.split()) >= 3, person_id
        assert person_id not in others
        assert verdict in ("one-person", "fragment") or not others, person_id  # only real people have entries


def test_sample_is_fixed_and_within_the_ids() -> None:
    ids = sample_ids(JUDGED_PEOPLE)
    assert ids == sample_ids(JUDGED_PEOPLE) and len(set(ids)) == SAMPLE
    assert ids[0] >= 1 and ids[-1] <= JUDGED_PEOPLE


def test_figures_count_one_person_entries_and_split_people() -> None:
    t = tally([("one-person", []), ("one-person", [7]), ("fragment", [3]), ("fragment", []),
               ("merged", []), ("not-a-person", [])])
    assert (t.people, t.single, t.people_and_fragments, t.single_with_fragments) == (2, 1, 4, 2)
    text = report(t, 8)
    assert "one real person: 2/6 = 0.33" in text
    assert "exactly one entry: 1/2 = 0.50" in text
    assert "fragment entries: 2/4 = 0.50" in text
    assert "| (not judged) | 2 |" in text


def test_a_bad_verdict_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "judgments.tsv"
    path.write_text("5\tعلی\tperson\t\tsome reason here\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"one-person\|merged"):
        read_judgments(path)
