"""The `rasad` command: a thin layer over the library. Errors become one clean line, never a
traceback (`rasad.cli_boundary.fail_cleanly`); exit status 1 means some input failed, 2 a usage or
setup error, as each error class says (`rasad.errors`)."""

from __future__ import annotations

import json
import sys
import threading
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from rasad import __version__
from rasad.cli_boundary import fail_cleanly, report_error, shown
from rasad.cli_db import register as register_db_commands
from rasad.cli_export import export_group
from rasad.cli_monitor import sources as sources_group
from rasad.cli_ner import ner_command
from rasad.cli_params import DB_OPTION, parse_day, search_filter_options, search_filters
from rasad.cli_reprocess import CLUSTER_OPTIONS, reprocess_command
from rasad.cli_watch import alerts as alerts_group
from rasad.cli_watch import user as user_group
from rasad.cli_watch import watch as watch_group
from rasad.cli_web import serve_command
from rasad.settings import default_db_url
from rasad.store import open_store

err = Console(stderr=True, soft_wrap=True)
out = Console(highlight=False)


ROW_ID = click.IntRange(1, 2**63 - 1)  # what a stored id can be: larger numbers are a clear usage error
COUNT = click.IntRange(1, 100_000)  # how many results a command prints

NER_MODEL_OPTION = click.option(
    "--ner-model", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
    help="A NER model folder instead of the shipped one (a Hugging Face token-classification model works); "
         "also RASAD_NER_MODEL.",
)


def both_calendars(day: str | None) -> str:
    """`1404-08-11 (2025-11-02)`: the Jalali day first, the Gregorian one beside it."""
    from rasad.store.values import jalali

    return f"{jalali(day)} ({day[:10]})" if day and jalali(day) else shown(day)


def articles_count(n: int) -> str:
    return f"{n:,} article" + ("" if n == 1 else "s")


def print_json(value: Any, pretty: bool = False) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=1 if pretty else None))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rasad")
def main() -> None:
    """rasad (رصد): read Persian news, extract who said what, store, search.

    \b
    Quick start:
      rasad demo --serve                  the shipped samples in the web dashboard (127.0.0.1:8000)
      rasad demo                          ingest the shipped sample articles and search them
      rasad analyze article.txt           the article as JSON (title, agency, dates, quotes...)
      rasad ingest folder/                store articles for searching
      rasad search "وزیر کشور"             ranked hits with snippets
      rasad quotes --speaker مومنی         who said what
      rasad person "اسکندر مومنی"          roles over time and recent quotes
      rasad normalize < in.txt > out.txt  letters, digits, spacing and ZWNJ fixed
      rasad serve                         the web pages and JSON API over your database
      rasad watch add NAME --person "..."  be told when they are named or quoted (webhook, email, feed)
    """


@main.command()
@click.argument("infile", type=click.File("r", encoding="utf-8", errors="replace"), default="-")
@click.option("--no-zwnj", is_flag=True, help="Do not restore ZWNJ (only letters, digits, spacing).")
@click.option("--articles", is_flag=True,
              help="Read blank-line-separated blocks as articles: which ZWNJ damage (deleted or spaced) "
                   "each has is judged from all its lines, as rasad reads a page or a dump; without it, "
                   "from each line alone.")
def normalize(infile: Any, no_zwnj: bool, articles: bool) -> None:
    """Normalize Persian text from INFILE (default stdin) to stdout, one output line per input line."""
    from rasad.text.normalize import normalize_line, normalize_lines

    write = sys.stdout.write
    if not articles:
        for line in infile:
            ending = "\n" if line.endswith("\n") else ""
            write(normalize_line(line.rstrip("\n"), zwnj=not no_zwnj) + ending)
        return
    block: list[str] = []  # one article's lines, with their endings

    def flush() -> None:
        texts = normalize_lines([line.rstrip("\n") for line in block], zwnj=not no_zwnj)
        write("".join(text + ("\n" if line.endswith("\n") else "") for text, line in zip(texts, block, strict=True)))
        block.clear()

    for line in infile:
        if line.strip():
            block.append(line)
            continue
        flush()
        write(line)
    flush()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json", show_default=True,
              help="json: one list, indented; jsonl: one record a line.")
@NER_MODEL_OPTION
@fail_cleanly
def analyze(paths: tuple[Path, ...], fmt: str, ner_model: Path | None) -> None:
    """Analyze article files (text, IR-News, JSON dumps) and print their records.

    A file that cannot be read is reported on stderr with its reason; the others are still printed,
    and the exit status is 1. Files that are not articles (README, LICENSE, SOURCE.txt beside a
    dataset) are skipped with a note on stderr.
    """
    from rasad.pipeline import analyze_paths, build_pipeline

    pipeline = build_pipeline(ner_model)  # loads the NER model once: a bad one fails here, exit 2
    records, failed = [], 0
    for outcome in analyze_paths(paths, pipeline):
        if outcome.skipped:
            err.print(f"[dim]rasad: skipped {shown(outcome.source)}: {shown(outcome.skipped)}[/dim]")
            continue
        if outcome.error:
            failed += 1
            report_error(outcome.error)
            continue
        for article in outcome.articles:
            if fmt == "jsonl":
                print_json(article.to_record())
            else:
                records.append(article.to_record())
    if fmt == "json":
        print_json(records, pretty=True)
    sys.exit(1 if failed else 0)


def ingest_paths(paths: list[Path], db_url: str | None, quiet: bool = False,
                 ner_model: Path | None = None, workers: int | None = None,
                 scheduler: str | None = None) -> tuple[dict[str, int], list[int]]:
    """Analyze and store files through the ingest service, with a progress bar on stderr that counts
    articles; with `workers` or `scheduler`, the files are analyzed on a Dask cluster
    (rasad.cluster_ingest). Returns counts by outcome and the ids of the articles stored (new or
    already there)."""
    from rasad.cli_reprocess import cluster_of, print_workers
    from rasad.cluster_ingest import ingest_on_cluster
    from rasad.ingest import Ingestor
    from rasad.pipeline import build_pipeline

    pipeline = build_pipeline(ner_model)  # loads the NER model once: a bad one fails here, exit 2
    workers_seen: dict[str, Any] = {}
    with open_store(db_url) as store, cluster_of(workers, scheduler, default_local=False) as client, Progress(
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
        TimeRemainingColumn(), TextColumn("[dim]file {task.fields[files]}[/dim] {task.fields[name]}"),
        console=err, disable=quiet or not err.is_terminal,
    ) as progress:
        task = progress.add_task("ingest", total=None, files="", name="")

        def show(p: Any) -> None:
            progress.update(task, completed=p.articles_done, total=p.articles_total or None,
                            files=f"{p.files_done}/{p.files_total}", name=Path(p.source).name[:40])

        ingestor = Ingestor(store, pipeline)
        if client is None:
            report = ingestor.ingest_paths(paths, on_progress=show, on_error=report_error)
        else:
            report = ingest_on_cluster(ingestor, paths, client, show, report_error, workers=workers_seen)
    print_workers(workers_seen)
    for path, reason in report.skipped:
        err.print(f"[dim]rasad: skipped {shown(path)}: {shown(reason)}[/dim]")
    return report.counts, report.ids


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@DB_OPTION
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@NER_MODEL_OPTION
@CLUSTER_OPTIONS
@fail_cleanly
def ingest(paths: tuple[Path, ...], db_url: str | None, quiet: bool, ner_model: Path | None,
           workers: int | None, scheduler: str | None) -> None:
    """Analyze files and folders and store their articles (idempotent: the same article twice is
    stored once). Bad files are reported and skipped; the exit status is then 1. With --workers or
    --scheduler the files are analyzed in parallel on a Dask cluster (the store ends up the same)."""
    counts, _ = ingest_paths(list(paths), db_url, quiet, ner_model, workers, scheduler)
    err.print(", ".join(f"{n} {k}" for k, n in counts.items()) + f"  [dim]({db_url or default_db_url()})[/dim]")
    sys.exit(1 if counts["failed"] else 0)


@main.command()
@click.argument("query", nargs=-1)
@DB_OPTION
@search_filter_options
@click.option("-n", "--limit", default=10, show_default=True, type=COUNT, help="How many hits.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@fail_cleanly
def search(query: tuple[str, ...], db_url: str | None, agency: str | None, since: str | None,
           until: str | None, persons: tuple[str, ...], orgs: tuple[str, ...], places: tuple[str, ...],
           collapse: bool, newest: bool, limit: int, fmt: str) -> None:
    """Search stored articles. Every spelling of a word matches (میشود, می شود, می‌شود, ميشود;
    رئیس, رییس; مسئول, مسوول; آمریکا, امریکا; ۲۶بهمن, ۲۶ بهمن).

    \b
    وزیر کشور           both words; articles with them side by side first
    "وزیر کشور"         the words side by side (also «وزیر کشور»)
    ایران OR عراق       either word (also |)
    -فوتبال             not this word (or -"a phrase")

    Facets follow the hits: agencies over every match, people, organizations and places over the
    first 2,000 hits. A query matching more than 10,000 articles is ranked among the newest 10,000
    of them (the search window; said under the hits)."""
    text = " ".join(query)
    filters = search_filters(agency, since, until, persons, orgs, places)
    with open_store(db_url, write=False) as store:
        result = store.search(text, filters, limit=limit, collapse=collapse,
                              order="newest" if newest else "relevance")
    if fmt == "jsonl":
        for hit in result.hits:
            print_json(hit.to_record())
        return
    table = Table(title=articles_count(result.total), show_lines=True)
    for column in ("id", "agency", "published", "title / snippet"):
        table.add_column(column)
    for hit in result.hits:
        also = f"  [dim](+{hit.also} in story {hit.story})[/dim]" if hit.also else ""
        text = f"[bold]{shown(hit.title)}[/bold]{also}\n{shown(hit.snippet)}"
        table.add_row(str(hit.id), shown(hit.agency), both_calendars(hit.published), text)
    out.print(table)
    if result.ranked is not None:
        of = "" if collapse else f" of the {result.total:,}"
        out.print(f"[dim]ranked among the newest {result.ranked:,}{of} matches (the search window; agencies "
                  "counted over those): add filters, or --newest for every match by date[/dim]")
    labels = {"agency": "agencies", "PER": "people", "ORG": "organizations", "LOC": "places"}
    sampled = f" (in the first {result.faceted:,} hits)" if result.faceted < result.total else ""
    for facet, counts in result.facets.items():
        if counts:
            values = "، ".join(f"{shown(k)} ({v})" for k, v in counts.items())
            out.print(f"[dim]{labels.get(facet, facet)}{'' if facet == 'agency' else sampled}:[/dim] {values}")


@main.command()
@click.argument("article_id", type=ROW_ID)
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@fail_cleanly
def show(article_id: int, db_url: str | None, fmt: str) -> None:
    """Show one stored article by its id."""
    with open_store(db_url, write=False) as store:
        stored = store.get(article_id)
    record = stored.record
    if fmt == "json":
        print_json({"id": stored.id, **record}, pretty=True)
        return
    agency = (record.get("agency") or {}).get("name") or ""
    out.print(f"[dim]#{stored.id}  {shown(agency)}  {shown(record.get('published'))} "
              f"({record.get('published_jalali') or ''})  {record.get('url') or record.get('file') or ''}[/dim]")
    if record.get("kicker"):
        out.print(shown(record["kicker"]))
    out.print(f"[bold]{shown(record['title'])}[/bold]\n")
    for paragraph in [record.get("lead"), *record.get("paragraphs", [])]:
        if paragraph:
            out.print(shown(paragraph) + "\n")
    if record.get("cited_sources"):
        out.print("[dim]sources:[/dim] " + "، ".join(shown(s) for s in record["cited_sources"]))


@main.command()
@click.argument("name", nargs=-1, required=True)
@DB_OPTION
@click.option("-n", "--quotes", "n_quotes", default=10, show_default=True, type=COUNT, help="How many recent quotes.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@fail_cleanly
def person(name: tuple[str, ...], db_url: str | None, n_quotes: int, fmt: str) -> None:
    """A person: the roles the stored articles give them over time, and their recent quotes.
    NAME may be a full name, a spelling variant or a surname."""
    with open_store(db_url, write=False) as store:
        profile = store.person(" ".join(name), quotes=n_quotes)
    if fmt == "json":
        print_json(profile.to_record(), pretty=True)
        return
    out.print(f"[bold]{shown(profile.name)}[/bold]  [dim]{profile.articles} articles[/dim]")
    if profile.aliases:
        out.print("[dim]also written:[/dim] " + "، ".join(shown(a) for a in profile.aliases))
    for role in profile.roles:
        seen = f"{both_calendars(role.first_seen) or '?'} .. {both_calendars(role.last_seen) or '?'} ({role.articles})"
        out.print(f"  {shown(role.role)}  [dim]{seen}[/dim]")
    for quote in profile.quotes:
        where = f"{both_calendars(quote.day)} {shown(quote.agency)} #{quote.article_id} {shown(quote.verb)}"
        out.print(f"\n[dim]{where}:[/dim] {shown(quote.text)}")


@main.command()
@click.argument("query", nargs=-1)
@DB_OPTION
@click.option("--speaker", help="A person's name (or surname), or a role phrase.")
@click.option("--since", help="From this day (2025-10-26 or Jalali 1404/08/04).")
@click.option("--until", help="Up to this day, included.")
@click.option("-n", "--limit", default=20, show_default=True, type=COUNT)
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
@fail_cleanly
def quotes(query: tuple[str, ...], db_url: str | None, speaker: str | None, since: str | None, until: str | None,
           limit: int, fmt: str) -> None:
    """Who said what: stored quotes, newest first, with words of QUERY in them."""
    with open_store(db_url, write=False) as store:
        rows = store.quotes(speaker=speaker, since=parse_day(since, "--since"), until=parse_day(until, "--until"),
                            query=" ".join(query) or None, limit=limit)
    for row in rows:
        if fmt == "jsonl":
            print_json(row.to_record())
        else:
            out.print(f"[green]{shown(row.speaker or '?')}[/green] [dim]{both_calendars(row.day)} {shown(row.agency)} "
                      f"#{row.article_id} ({shown(row.verb)})[/dim]\n  {shown(row.text)}")


@main.command()
@DB_OPTION
@click.option("--sources", "sources_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Sources TOML file (default: $RASAD_SOURCES, else the shipped list).")
@click.option("--once", is_flag=True,
              help="One pass over every source (due or not), then exit (status 1 if a source failed): for cron.")
@click.option("--no-pages", is_flag=True, help="Store feed items as they are, without fetching their pages.")
@click.option("--host-interval", default=1.0, show_default=True, type=click.FloatRange(0, 3600),
              help="Seconds between two requests to one host.")
@fail_cleanly
def monitor(db_url: str | None, sources_file: Path | None, once: bool, no_pages: bool, host_interval: float) -> None:
    """Watch the sources: poll each feed on its interval, fetch and analyze new articles, store
    them and link them into stories. State is kept in the store, so a restart resumes without
    refetching or storing anything twice. A failing source is reported and retried next round.
    Alerts of the watches (`rasad watch`) are matched as articles are stored and delivered from
    here too. Stop with Ctrl-C. Private and loopback addresses are refused unless
    RASAD_ALLOW_PRIVATE_NETWORKS=1."""
    from rasad.acquire.fetcher import Fetcher, FetchSettings
    from rasad.monitor import Monitor
    from rasad.sources import load_sources

    sources = load_sources(sources_file)
    stop = threading.Event()
    from rasad.alerts.deliver import DeliveryWorker, send_due

    with open_store(db_url) as store, Fetcher(FetchSettings(host_interval=host_interval)) as fetcher:
        watcher = Monitor(store, sources, fetcher, fetch_pages=not no_pages)
        err.print(f"[bold]monitor[/bold] {len(sources)} sources -> {store.url}" + ("" if once else "  (Ctrl-C stops)"))
        if once:
            reports = watcher.run_once(every=True)
            print_round(reports)
            print_deliveries(send_due(store, rounds=50))
            sys.exit(1 if any(r.failed for r in reports) else 0)
        worker = DeliveryWorker(store.url, on_report=print_deliveries).start()  # alerts sent as they are recorded
        if watcher.ingestor.matcher is not None:
            watcher.ingestor.matcher.on_alert.append(worker.wake)
        try:
            watcher.run(stop, print_round)
        except KeyboardInterrupt:
            err.print("stopped")
        finally:
            worker.stop()


def print_deliveries(report: Any) -> None:
    if report.sent or report.retried or report.failed:
        err.print(f"{datetime.now().strftime('%H:%M:%S')} alerts: {report.sent} sent, {report.retried} to retry, "
                  f"{report.failed} given up")
        for line in report.errors:
            err.print(f"    [dim]{shown(line)}[/dim]")


def print_round(reports: list[Any]) -> None:
    stamp = datetime.now().strftime("%H:%M:%S")
    for report in reports:
        status = "[red]failed[/red]" if report.failed else "ok"
        err.print(f"{stamp} {shown(report.name)}: {status}, {report.new} new, {report.seen} seen"
                  + (f", {report.not_modified} unchanged" if report.not_modified else "")
                  + (f", {report.pages_retried} pages completed" if report.pages_retried else "")
                  + (f", {report.elsewhere} on other watched sites" if report.elsewhere else "")
                  + (f", {report.deferred} left for the next round" if report.deferred else ""))
        for line in report.errors + report.problems[:3]:
            err.print(f"    [dim]{shown(line)}[/dim]")


@main.command()
@DB_OPTION
@click.option("--since", help="Stories first published on or after this day.")
@click.option("--min-size", default=2, show_default=True, type=COUNT,
              help="Only stories of at least this many articles.")
@click.option("-n", "--limit", default=20, show_default=True, type=COUNT)
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
@fail_cleanly
def stories(db_url: str | None, since: str | None, min_size: int, limit: int, fmt: str) -> None:
    """Stories: articles about one event across agencies, who published first and who republished
    or cited it. `--format jsonl` prints {"id", "first", "articles"} a line."""
    with open_store(db_url, write=False) as store:
        rows = store.stories(min_size=min_size, since=parse_day(since, "--since"), limit=limit)
    for story in rows:
        if fmt == "jsonl":
            print_json(story.to_record())
            continue
        out.print(f"\n[bold]{shown(story.first.title)}[/bold]  "
                  f"[dim]story {story.id}, {len(story.articles)} articles[/dim]")
        for article in story.articles:
            role = "first" if article.id == story.first.id else (article.how or "related")
            out.print(f"  {both_calendars(article.published_at):<25} {shown(article.agency or '?'):<12} #{article.id} "
                      f"{shown(role)}")


@main.command()
@click.option("--db", "db_url", default=None, metavar="URL",
              help="Database URL for the demo; also RASAD_DEMO_DB. Default: its own per-user file "
                   "(~/.local/share/rasad/demo.db), never your default database.")
@click.option("--serve", "then_serve", is_flag=True, help="Then serve the web app over the demo (Ctrl-C stops).")
@click.option("--host", default="127.0.0.1", show_default=True, help="With --serve: the address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="With --serve: the port to listen on.")
@fail_cleanly
def demo(db_url: str | None, then_serve: bool, host: str, port: int) -> None:
    """Ingest the sample articles rasad ships into a demo database of its own, show what it found
    and search them; with --serve, then open the dashboard on http://127.0.0.1:8000/."""
    from rasad import settings

    db_url = db_url or settings.get("demo_db")
    samples = resources.files("rasad.data").joinpath("samples")
    with resources.as_file(samples) as folder:
        paths = sorted(Path(folder).glob("*.txt"))
        counts, ids = ingest_paths(paths, db_url, quiet=True)
    summary = ", ".join(f"{n} {k}" for k, n in counts.items())
    out.print(f"[bold]ingested[/bold] {len(paths)} sample files: {summary}")
    with open_store(db_url) as store:
        records = [store.get(article_id).record for article_id in ids]
    for record in records:
        agency = (record["agency"] or {}).get("id", "?")
        out.print(f"\n[bold]{shown(record['title'])}[/bold]  [dim]{agency} {record['published'] or ''} "
                  f"{record['published_jalali'] or ''} dateline={shown(record['dateline'])}[/dim]")
        if record["cited_sources"]:
            out.print("  sources: " + "، ".join(shown(s) for s in record["cited_sources"]))
        for quote in record["quotes"][:3]:
            out.print(f"  [green]{shown(quote['speaker'])}[/green] ({shown(quote['verb'])}): "
                      f"{shown(quote['text'][:90])}")
    with open_store(db_url) as store:
        for story in store.stories(limit=3):
            agencies = "، ".join(f"{a.agency} ({'first' if a.id == story.first.id else a.how or 'related'})"
                                 for a in story.articles)
            out.print(f"\n[bold]story[/bold] {shown(story.first.title)}: {shown(agencies)}")
        for query in ("وزیر کشور", "میشود"):
            result = store.search(query, limit=3)
            out.print(f"\n[bold]search[/bold] {query!r}: {articles_count(result.total)}")
            for hit in result.hits:
                out.print(f"  #{hit.id} {shown(hit.title)}\n     {shown(hit.snippet)}")
    out.print(f"\n[dim]database: {db_url}; try: rasad search --db {db_url} \"...\"[/dim]")
    if then_serve:
        from rasad.cli_web import serve

        serve(db_url, host, port)


main.add_command(sources_group, name="sources")
main.add_command(ner_command, name="ner")
main.add_command(serve_command, name="serve")
main.add_command(watch_group, name="watch")
main.add_command(alerts_group, name="alerts")
main.add_command(user_group, name="user")
main.add_command(export_group, name="export")
main.add_command(reprocess_command, name="reprocess")
register_db_commands(main)  # rasad db status|migrate, rasad migrate-store

if __name__ == "__main__":
    main()
