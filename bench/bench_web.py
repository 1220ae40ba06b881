"""The web pages' speed: the time to answer the dashboard, search pages, article pages (and, beside
them, person and story pages) on a SQLite store of N articles (default 100,000), median and 95th
percentile, in one process and one thread through FastAPI's TestClient (the whole request: routing,
parameters, the store opened read-only, the view, the template).

The store is built from real articles of ../shared/data (ir_news_dev and fars_news, about 4,600),
parsed and enriched with metadata, gazetteer places and quotes (no NER: people named in the text
become PER entities where their names occur, a short list of common organizations ORG entities),
then repeated: each copy gets another agency, a day spread over the year up to 2025-11-14, another
URL, a tag in its title and a sentence of its own (so its text hash differs); two in five copies
are republications, a few hours later under another agency, grouped into stories of three. The
built file is cached (--cache, default $TMPDIR/rasad-bench-web), so reruns only time.

usage: python bench/bench_web.py [--articles N] [--rounds R] [--cache DIR] [--rebuild] [--profile KIND]
                                 [--cold] [--cpu] [--pages KIND...]
Prints a Markdown table; --profile KIND prints cProfile's top functions for one page kind.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import shared, timer
from rasad.acquire.files import read_document
from rasad.errors import RasadError
from rasad.extract.agencies import gazetteer
from rasad.models import Article, Entity
from rasad.parse import parse_document
from rasad.pipeline import build_pipeline
from rasad.text.dates import TEHRAN

SEED = 11
END = datetime(2025, 11, 14, 18, 0, tzinfo=TEHRAN)  # the newest stored day: the dashboard's default period
QUERIES = ["ایران", "وزیر کشور", '"وزیر کشور"', "میشود", "آب", "انتخابات مجلس", "قیمت دلار", "۱۴۰۰",
           "رئیس جمهور", "کرونا"]
TAGS = ["", "گزارش: ", "فوری: ", "ویدیو: ", "گفت‌وگو: ", "یادداشت: ", "تحلیل: "]
ORGS = ["مجلس شورای اسلامی", "شورای نگهبان", "سپاه پاسداران", "بانک مرکزی", "وزارت امور خارجه", "وزارت کشور",
        "سازمان ملل", "قوه قضاییه", "شورای امنیت", "فدراسیون فوتبال", "آژانس بین‌المللی انرژی اتمی", "دولت"]


def base_articles() -> list[Article]:
    """The real articles every copy comes from, parsed and enriched without the NER."""
    paths = sorted(shared("data", "ir_news_dev").glob("*_*.txt")) + sorted(shared("data", "fars_news").glob("*.json"))
    pipeline = build_pipeline(stages=["metadata", "places", "quotes"])
    articles: list[Article] = []
    for path in paths:
        try:
            articles += pipeline.enrich_many(parse_document(read_document(path)))
        except RasadError as exc:  # a file rasad refuses is left out of the bench
            print(f"skipped {path.name}: {exc}", file=sys.stderr)
    for article in articles:
        text = article.text
        found = [Entity(p.name, "PER", at, at + len(p.name))
                 for p in article.persons if len(p.name) > 3 and (at := text.find(p.name)) >= 0]
        found += [Entity(o, "ORG", at, at + len(o)) for o in ORGS if (at := text.find(o)) >= 0]
        article.entities = sorted(article.entities + found, key=lambda e: e.start)
    return [a for a in articles if a.title and a.paragraphs]


def variant(base: Article, k: int, day: datetime, agency_index: int) -> Article:
    """Copy `k` of an article: another agency, day, URL, title tag and last sentence; offsets kept right."""
    record = base.to_record()
    copy = Article.from_record(record)
    tag = TAGS[k % len(TAGS)] if k else ""
    shift = len(tag)
    copy.title = tag + base.title
    copy.paragraphs = [*base.paragraphs[:-1], base.paragraphs[-1] + f" (نسخهٔ {k})"] if k else list(base.paragraphs)
    copy.entities = [Entity(e.text, e.type, e.start + shift, e.end + shift) for e in base.entities]
    for quote in copy.quotes:
        quote.start, quote.end = quote.start + shift, quote.end + shift
    agencies = gazetteer().entries
    copy.agency = agencies[agency_index % len(agencies)].agency if k else base.agency
    copy.published = day
    copy.url = f"{base.url or 'https://example.ir/news/' + str(id(base))}?v={k}"
    copy.file = None
    return copy


def build(path: Path, n: int) -> None:
    """A SQLite store of `n` articles at `path` (see the module's docstring)."""
    from rasad.store import open_store

    rng = random.Random(SEED)
    with timer() as took:
        bases = base_articles()
    print(f"{len(bases)} base articles parsed and enriched in {took[0]:.0f} s", file=sys.stderr)
    tmp = path.with_suffix(".building")
    tmp.unlink(missing_ok=True)
    with timer() as took, open_store(f"sqlite:///{tmp}") as store:
        story: list[tuple[int, str | None]] = []
        first_day = END
        i = 0
        while i < n:
            with store.db.write():  # type: ignore[attr-defined]  # one transaction per thousand articles
                for _ in range(min(1000, n - i)):
                    position = i % 5
                    if position in (0, 3, 4):  # a story's first article, or an article of its own
                        base = bases[rng.randrange(len(bases))]
                        first_day = END - timedelta(days=rng.randrange(365), minutes=rng.randrange(1440))
                        day = first_day
                    else:
                        day = first_day + timedelta(hours=rng.randrange(1, 12))
                    k = i + 1
                    result = store.add(variant(base, k, day, rng.randrange(1000)))
                    if position == 0:
                        story = [(result.id, None)]
                    elif position <= 2:
                        story.append((result.id, "republished"))
                        if position == 2:
                            store.save_story(story[0][0], story)
                    i += 1
            print(f"\r{i} articles", end="", file=sys.stderr)
    print(f"\n{n} articles stored in {took[0]:.0f} s", file=sys.stderr)
    tmp.rename(path)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def requests(store_url: str, rng: random.Random) -> dict[str, list[str]]:
    """The URLs asked for each page kind."""
    from rasad.store import open_store

    with open_store(store_url, write=False) as store:
        count = store.count()
        people = [p.id for name in ("علی", "محمد", "حسن") for p in store.find_people(name)][:20]
        stories = [s.id for s in store.stories(min_size=2, limit=20)]
    articles = [f"/articles/{rng.randrange(1, count + 1)}" for _ in range(40)]
    search = []
    for q in QUERIES:
        search += [f"/search?q={q}", f"/search?q={q}&page=3", f"/search?q={q}&agency=IRNA",
                   f"/search?q={q}&since=1404/01/01&until=1404/06/31"]
    search += ["/search", "/search?page=50", "/search?agency=ISNA&page=2"]
    return {
        "dashboard": ["/", "/?period=30", "/?period=today", "/?q=ایران", "/?q=وزیر کشور&period=30"],
        "search": search,
        "article": articles,
        "person": [f"/people/{p}" for p in people] or ["/people/1"],
        "story": [f"/stories/{s}" for s in stories] or ["/stories/1"],
    }


def call_view(store_url: str, target: str) -> object:
    """The view behind a page's URL, called with its parameters (what --profile times)."""
    from urllib.parse import parse_qs, urlsplit

    from rasad.store import open_store
    from rasad.web import article_views, views

    parts = urlsplit(target)
    params = {k: v[0] for k, v in parse_qs(parts.query).items()}
    kind, _, ident = parts.path.strip("/").partition("/")
    with open_store(store_url, write=False) as store:
        if kind == "":
            return views.dashboard_view(store, params.get("period", "7"), None, None, params.get("q", ""))
        if kind == "search":
            return views.search_view(store, params.get("q", ""), params.get("agency"), params.get("since"),
                                     params.get("until"), page=int(params.get("page", 1)))
        if kind == "articles":
            return article_views.article_view(store, int(ident))
        if kind == "people":
            return article_views.person_view(store, int(ident))
        return article_views.story_view(store, int(ident))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3, help="times each URL is asked (after one warm-up)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rasad-bench-web")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--profile", choices=["dashboard", "search", "article", "person", "story"])
    parser.add_argument("--cpu", action="store_true",
                        help="time the process's CPU (every thread) instead of the wall clock: what a page costs "
                             "on a machine that other jobs load")
    parser.add_argument("--pages", nargs="+", choices=["dashboard", "search", "article", "person", "story"],
                        help="only these page kinds")
    parser.add_argument("--cold", action="store_true",
                        help="empty the store's facet cache before every request (as for a first visit)")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from rasad.web import create_app

    args.cache.mkdir(parents=True, exist_ok=True)
    path = args.cache / f"web-{args.articles}-s{SEED}.db"
    if args.rebuild or not path.exists():
        build(path, args.articles)
    url = f"sqlite:///{path}"
    kinds = requests(url, random.Random(SEED))
    client = TestClient(create_app(url))

    from rasad.store.sqlite import FACETS

    clock = time.process_time if args.cpu else time.perf_counter

    def ask(target: str) -> float:
        if args.cold:
            FACETS.clear()
        start = clock()
        response = client.get(target)
        took = (clock() - start) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{target}: {response.status_code} {response.text[:200]}")
        return took

    if args.profile:  # the views called directly (the TestClient runs the app in a thread of its own)
        profile = cProfile.Profile()
        profile.runcall(lambda: [call_view(url, t) for t in kinds[args.profile]])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        return
    print(f"{args.articles} articles ({path.stat().st_size / 1e6:.0f} MB), {args.rounds} rounds after a warm-up"
          f"{', the facet cache emptied before each request' if args.cold else ''}"
          f"{', CPU time of the process' if args.cpu else ', wall-clock time'}\n")
    print("| page | requests | median ms | p95 ms | max ms | slowest |")
    print("|---|---:|---:|---:|---:|---|")
    for kind, targets in kinds.items():
        if args.pages and kind not in args.pages:
            continue
        for target in targets:
            ask(target)
        times: list[tuple[float, str]] = []
        for _ in range(args.rounds):
            times += [(ask(t), t) for t in targets]
        values = [t for t, _ in times]
        slowest = max(times)[1]
        print(f"| {kind} | {len(values)} | {statistics.median(values):.0f} | {percentile(values, 95):.0f} | "
              f"{max(values):.0f} | `{slowest}` |")


if __name__ == "__main__":
    main()
