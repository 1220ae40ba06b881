"""The CLI end to end, in process (click's runner), on the shipped samples and written fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasad.cli import main
from tests.conftest import require_shared

COMMANDS = ("normalize", "analyze", "ingest", "search", "show", "demo", "person", "quotes")
SAMPLES = Path(__file__).resolve().parents[1] / "rasad" / "data" / "samples"


@pytest.fixture
def run(memory_url: str):
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        env = {"RASAD_DB": memory_url, "RASAD_DEMO_DB": memory_url}
        return runner.invoke(main, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


def test_help_lists_every_command(run) -> None:
    result = run("--help")
    for command in COMMANDS:
        assert command in result.output
    for command in COMMANDS:
        assert run(command, "--help").exit_code == 0


def test_normalize_keeps_lines(run) -> None:
    result = run("normalize", input="كتاب\n\nسال 1404\n")
    assert result.output == "کتاب\n\nسال ۱۴۰۴\n"



def test_normalize_articles_judges_each_block_as_one_text(run) -> None:
    """`--articles`: each blank-line-separated block is normalized as an article (normalize_lines),
    the blank lines and every line ending kept; without it, each line alone."""
    from rasad.text.normalize import normalize_line, normalize_lines

    paths = sorted(require_shared("data", "ir_news_dev").glob("*_*.txt"))[:40:4]
    blocks = [[line.split("\t", 1)[-1].replace("\u200c", "") for line in p.read_text(encoding="utf-8").split("\n")[2:]
               if line.strip()] for p in paths]
    text = "\n\n".join("\n".join(block) for block in blocks)
    by_article = run("normalize", "--articles", input=text).output
    assert by_article == "\n\n".join("\n".join(normalize_lines(block)) for block in blocks)
    by_line = run("normalize", input=text).output
    assert by_line == "\n".join(normalize_line(line) for line in text.split("\n"))
    assert by_article != by_line  # some article's lines, read together, are read otherwise

def test_analyze_jsonl(run) -> None:
    result = run("analyze", str(SAMPLES / "01_irna_water_khorasan.txt"), "--format", "jsonl")
    record = json.loads(result.output)
    assert record["agency"] == {"id": "IRNA", "name": "خبرگزاری جمهوری اسلامی"}
    assert record["published"] == "2025-11-02" and record["published_jalali"] == "1404-08-11"
    assert record["dateline"] == "مشهد" and record["news_id"] == "85901234"
    for key in ("file", "url", "title", "kicker", "lead", "paragraphs", "cited_sources", "entities", "persons",
                "quotes"):
        assert key in record


def test_analyze_reports_bad_file_and_prints_the_rest(run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = CliRunner().invoke(main, ["analyze", str(bad), str(SAMPLES / "03_mehr_library_week.txt"),
                                       "--format", "jsonl"])
    assert result.exit_code == 1
    assert "bad.txt: empty file" in result.output  # stderr is mixed into output by the runner
    assert len([line for line in result.output.splitlines() if line.startswith("{")]) == 1


def test_ingest_search_show(run) -> None:
    first = run("ingest", str(SAMPLES))
    assert first.exit_code == 0 and "4 added" in first.output
    again = run("ingest", str(SAMPLES))
    assert "0 added" in again.output and "4 unchanged" in again.output
    hits = [json.loads(line) for line in run("search", "مصرف", "آب", "--format", "jsonl").output.splitlines()]
    assert {h["agency"] for h in hits} == {"IRNA", "ISNA"}
    assert set(hits[0]) >= {"id", "title", "agency", "published", "snippet"}
    only_isna = run("search", "مصرف", "--agency", "ایسنا", "--format", "jsonl").output.splitlines()
    assert [json.loads(h)["agency"] for h in only_isna] == ["ISNA"]
    jalali = run("search", "--since", "1404/08/13", "--format", "jsonl").output.splitlines()
    assert [json.loads(h)["agency"] for h in jalali] == ["Tasnim"]
    shown = run("show", str(hits[0]["id"]), "--format", "json")
    assert json.loads(shown.output)["title"] == hits[0]["title"]


def test_show_unknown_id_is_a_clean_error(run) -> None:
    run("ingest", str(SAMPLES / "03_mehr_library_week.txt"))
    result = run("show", "12345")
    assert result.exit_code == 2 and "no article with id 12345" in result.output


@pytest.mark.parametrize("command", [["search", "آب"], ["show", "1"], ["quotes"], ["person", "مومنی"], ["stories"]])
def test_read_commands_never_create_a_database(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "typo" / "rasad.db"
    result = CliRunner().invoke(main, [*command, "--db", f"sqlite:///{missing}"])
    assert result.exit_code == 2 and "no database there" in result.output
    assert not missing.parent.exists()


def test_bad_date_option(run) -> None:
    result = CliRunner().invoke(main, ["search", "x", "--since", "دیروز"])
    assert result.exit_code == 2 and "not a date" in result.output


def test_demo(run) -> None:
    result = run("demo")
    assert result.exit_code == 0 and "ingested 4 sample files" in result.output


def test_demo_keeps_to_its_own_database_and_can_serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[tuple[str, str, int]] = []
    monkeypatch.setattr("rasad.cli_web.serve", lambda url, host, port: served.append((url, host, port)))
    own, demo_db = tmp_path / "mine.db", tmp_path / "demo.db"
    env = {"RASAD_DB": f"sqlite:///{own}", "RASAD_DEMO_DB": f"sqlite:///{demo_db}"}
    result = CliRunner().invoke(main, ["demo", "--serve", "--port", "8123"], env=env)
    assert result.exit_code == 0, result.output
    assert demo_db.exists() and not own.exists()  # the user's own database is never touched
    assert served == [(f"sqlite:///{demo_db}", "127.0.0.1", 8123)]


def test_every_command_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert f"`rasad {name}" in docs, f"rasad {name} is missing from docs/cli.md"
        assert command.help, f"rasad {name} has no help text"


def test_analyze_html_pages_in_utf8_and_windows_1256(run) -> None:
    pages = Path(__file__).resolve().parent / "fixtures" / "acquire"
    result = run("analyze", str(pages / "page_utf8.html"), str(pages / "page_cp1256.html"), "--format", "jsonl")
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [r["title"] for r in records] == [
        "وزیر کشور: انتخابات در موعد مقرر برگزار می‌شود", "افتتاح کتابخانه مرکزی شهر"]
    assert all(r["lead"] and r["published"] for r in records)


def test_stored_markup_and_escape_sequences_print_as_text(run, tmp_path: Path) -> None:
    """A title with rich markup and an article with terminal escape sequences: show, search and
    quotes print them as written text, never crash, never emit ESC."""
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("date 2025-11-05 خبرگزاری مهر\nتیتر [/] [bold]خبر[/bold] \x1b]0;pwned\x07\n\n"
                       "وزیر کشور گفت: «آب [red]کافی[/red] است \x1b[2J.»\n", encoding="utf-8")
    assert run("ingest", str(hostile)).exit_code == 0
    for args in (["show", "1"], ["search", "خبر"], ["quotes"], ["stories", "--min-size", "1"]):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
        assert "\x1b" not in result.output and "\x07" not in result.output
    shown = run("show", "1").output
    assert "[/] [bold]" in shown and "[/bold]" in shown  # as written (the normalizer spaces them)
    assert "[red]" in run("quotes").output


def test_a_file_name_with_markup_is_reported_as_written(run, tmp_path: Path) -> None:
    (tmp_path / "[bold]bad[").mkdir()
    bad = tmp_path / "[bold]bad[" / "].txt"  # the path holds `[/]`
    bad.write_bytes(b"")
    result = run("analyze", str(bad))
    assert result.exit_code == 1 and "[bold]bad[/].txt: empty file" in result.output


@pytest.mark.parametrize("args", [["show", "99999999999999999999999"], ["search", "آب", "-n", "99999999999999999999"],
                                  ["quotes", "-n", "0"], ["search", "--since", "1404/01/01/01"],
                                  ["search", "--until", "2025-10-26xyz"]])
def test_out_of_range_numbers_and_dates_are_usage_errors(run, args: list[str]) -> None:
    run("ingest", str(SAMPLES / "03_mehr_library_week.txt"))
    result = run(*args)
    assert result.exit_code == 2 and "Traceback" not in result.output and "Error" in result.output


def test_jalali_beside_gregorian_everywhere(run) -> None:
    run("ingest", str(SAMPLES))
    [hit, *_] = [json.loads(line) for line in run("search", "آب", "--format", "jsonl").output.splitlines()]
    assert hit["published_jalali"] and hit["published_jalali"].startswith("1404-")
    [quote, *_] = [json.loads(line) for line in run("quotes", "--format", "jsonl").output.splitlines()]
    assert quote["day_jalali"].startswith("1404-")
    stories = [json.loads(line) for line in run("stories", "--min-size", "1", "--format", "jsonl").output.splitlines()]
    assert all(a["published_jalali"] for s in stories for a in s["articles"] if a["published"])
    table = run("search", "آب").output
    assert "1404-08-" in table and "(2025-11-" in table


def test_search_says_when_it_ranked_a_window(run, monkeypatch: pytest.MonkeyPatch) -> None:
    from rasad.store.base import ArticleStore

    run("ingest", str(SAMPLES))
    assert "search window" not in run("search", "گفت").output
    monkeypatch.setattr(ArticleStore, "search_window", 1)
    said = " ".join(run("search", "گفت").output.split())
    assert "ranked among the newest 1 of the" in said and "search window" in said
    assert "search window" not in run("search", "گفت", "--newest").output


def test_search_counts_read_as_english() -> None:
    from rasad.cli import articles_count

    assert [articles_count(n) for n in (0, 1, 2, 12345)] == ["0 articles", "1 article", "2 articles", "12,345 articles"]
