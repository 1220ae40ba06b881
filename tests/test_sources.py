from __future__ import annotations

from pathlib import Path

import pytest

from rasad.errors import ConfigError
from rasad.sources import Source, format_interval, load_sources, parse_interval, save_sources

REQUIRED_OUTLETS = {"IRNA", "ISNA", "ILNA", "Mehr", "Fars", "Tasnim", "YJC", "IBNA", "Shabestan", "Hamshahri",
                    "Tabnak", "Asriran", "Khabaronline", "Entekhab", "Mashregh", "RadioFarda", "BBCPersian"}


def test_shipped_list_loads_and_covers_the_main_outlets() -> None:
    sources = load_sources()
    assert {s.agency for s in sources} >= REQUIRED_OUTLETS
    irna = next(s for s in sources if s.agency == "IRNA")
    assert irna.name == "ایرنا" and irna.domain == "irna.ir" and irna.interval_seconds == 300
    assert all(url.startswith("https://") for s in sources for url in s.feeds)


def test_shipped_agency_ids_are_in_the_gazetteer() -> None:
    from rasad.extract.agencies import gazetteer

    known = gazetteer().by_id
    for source in load_sources():
        assert source.agency in known, source.agency
        assert source.to_agency() == known[source.agency].agency
    assert Source("x", "NEWONE", ["https://x.ir/rss"], "x.ir").to_agency().name == "x"


def test_round_trip(tmp_path: Path) -> None:
    sources = [Source("ایرنا", "IRNA", ["https://www.irna.ir/rss"], "irna.ir", 300,
                      aliases=["خبرگزاری ایرنا"]),
               Source("آزمایشی", "TEST", [], "test.ir", 90, pages=["https://test.ir/news"], enabled=False)]
    path = tmp_path / "sources.toml"
    save_sources(sources, path)
    assert load_sources(path) == sources
    assert 'interval = "5m"' in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("value", "seconds"), [("5m", 300), ("30s", 30), ("2h", 7200), ("1d", 86400),
                                                ("90", 90), (600, 600), (" 10m ", 600)])
def test_parse_interval(value: str | int, seconds: int) -> None:
    assert parse_interval(value) == seconds


@pytest.mark.parametrize("value", ["5 minutes", "-5m", "10s", "", "5x", True])
def test_bad_interval(value: str) -> None:
    with pytest.raises(ValueError):
        parse_interval(value)


@pytest.mark.parametrize(("seconds", "text"), [(300, "5m"), (90, "90s"), (7200, "2h"), (86400, "1d")])
def test_format_interval(seconds: int, text: str) -> None:
    assert format_interval(seconds) == text


ENTRY = ('[[source]]\nname = "ایسنا"\nagency = "ISNA"\nfeeds = ["https://www.isna.ir/rss"]\n'
         'domain = "isna.ir"\n')


@pytest.mark.parametrize(("text", "message"), [
    ("[[source]\nname=", "not valid TOML"),
    ('source = "x"', "array of tables"),
    (ENTRY.replace('name = "ایسنا"\n', ""), r"source #1: 'name' must be a non-empty string"),
    (ENTRY.replace('"ISNA"', '"IS NA"'), r"source #1 \(ایسنا\): agency 'IS NA'"),
    (ENTRY.replace('["https://www.isna.ir/rss"]', "[]"), "needs at least one feed or page"),
    (ENTRY.replace("https://www.isna.ir/rss", "ftp://isna.ir/rss"), "is not an http"),
    (ENTRY.replace('"isna.ir"', '"https://isna.ir/"'), "must be a host name"),
    (ENTRY + 'interval = "1s"\n', "politeness floor"),
    (ENTRY + 'colour = "blue"\n', "unknown key"),
    (ENTRY + ENTRY, "listed twice"),
    (ENTRY + "enabled = 1\n", "'enabled' must be true or false"),
])
def test_validation_names_file_and_entry(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as error:
        load_sources(path)
    assert str(path) in str(error.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_sources(tmp_path / "none.toml")
