"""`rasad monitor` end to end against a local server on 127.0.0.1: feeds with Jalali dates, pages,
broken sources, a republished story, and a restart after a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasad.cli import main
from rasad.errors import StoreError
from rasad.store import open_store

N_ITEMS = 6
PAGE_DELAY = {"value": 0.0}
FAIL_ONCE: set[str] = set()  # pages that answer 404 the first time they are asked for
JALALI_DAYS = ["۱۴۰۴/۰۸/۱۰ - ۰۹:۰۰", "۱۴۰۴/۰۸/۱۰ - ۰۹:۳۰", "۱۴۰۴/۰۸/۱۰ - ۱۰:۰۰", "۱۴۰۴/۰۸/۱۱ - ۰۸:۰۰",
               "۱۴۰۴/۰۸/۱۱ - ۰۹:۰۰", "۱۴۰۴/۰۸/۱۲ - ۱۱:۰۰"]
TOPICS = ["بارش باران در استان گیلان", "افتتاح کتابخانه در شیراز", "مسابقه فوتبال در تبریز",
          "نمایشگاه صنایع دستی در اصفهان", "کاهش مصرف برق در تهران", "برداشت زعفران در تربت حیدریه"]


BODIES = [
    ["مدیرکل هواشناسی گیلان گفت: بارش باران از امشب در رشت و انزلی آغاز می‌شود.",
     "وی افزود: رودخانه‌های غرب استان ممکن است طغیان کنند و کشاورزان باید احتیاط کنند.",
     "هلال احمر گیلان نیز گروه‌های امدادی را در آماده‌باش نگه داشته است."],
    ["کتابخانه مرکزی شیراز با ۸۰ هزار جلد کتاب امروز افتتاح شد.",
     "شهردار شیراز در مراسم افتتاح گفت: ساختمان کتابخانه در سه سال ساخته شد.",
     "ساعت کار کتابخانه در روزهای تعطیل تا ده شب است."],
    ["تیم تراکتور تبریز در ورزشگاه یادگار امام میزبان سپاهان بود.",
     "سرمربی تراکتور پس از بازی گفت: بازیکنان جوان ما خوب جنگیدند.",
     "هواداران زیادی با وجود سرما در ورزشگاه حاضر شدند."],
    ["نمایشگاه صنایع دستی اصفهان با حضور ۲۰۰ هنرمند گشایش یافت.",
     "میناکاری و قلمزنی بیشترین غرفه‌ها را دارند و بازدید رایگان است.",
     "مدیرکل میراث فرهنگی استان گفت: فروش آثار به گردشگران خارجی افزایش یافته است."],
    ["مصرف برق تهران در هفته گذشته هفت درصد کمتر از سال قبل بود.",
     "مدیرعامل توزیع برق تهران بزرگ گفت: ادارات ساعت کاری خود را کوتاه کردند.",
     "قطعی برنامه‌ریزی شده در مناطق مسکونی فعلا اجرا نمی‌شود."],
    ["برداشت زعفران در تربت حیدریه از ابتدای آبان آغاز شده است.",
     "رئیس جهاد کشاورزی شهرستان گفت: خشکسالی برداشت امسال را کم کرده است.",
     "قیمت هر کیلوگرم زعفران در بازار محلی افزایش یافته است."],
]


def body(n: int, agency_line: str) -> str:
    first, *rest = BODIES[n]
    return "".join(f"<p>{s}</p>" for s in [f"{agency_line}، {first}", *rest])


def page(n: int, agency_line: str) -> bytes:
    return (f'<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{TOPICS[n]}</title></head>'
            f"<body><nav>صفحه اصلی | اخبار</nav><article><h1>{TOPICS[n]}</h1>{body(n, agency_line)}</article>"
            "<footer>کلیه حقوق محفوظ است</footer></body></html>").encode()


def feed(prefix: str, items: list[int]) -> bytes:
    entries = "".join(
        f"<item><title>{TOPICS[n]}</title><link>{{base}}/{prefix}/{n}.html</link>"
        f"<pubDate>{JALALI_DAYS[n]}</pubDate><description>خلاصه خبر {TOPICS[n]}</description></item>"
        for n in items)
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{prefix}</title>{entries}' \
           "</channel></rss>".encode()


class Handler(BaseHTTPRequestHandler):
    base = ""

    def log_message(self, *args: object) -> None:
        pass

    def reply(self, status: int, data: bytes = b"", kind: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        path = self.path
        if path == "/a/feed.xml":
            self.reply(200, feed("a", list(range(N_ITEMS))).replace(b"{base}", self.base.encode()),
                       "application/rss+xml; charset=utf-8", {"ETag": '"a1"'})
        elif path == "/b/feed.xml":  # another agency republishes item 0
            self.reply(200, feed("b", [0]).replace(b"{base}", self.base.encode()), "application/rss+xml")
        elif path in FAIL_ONCE:
            FAIL_ONCE.discard(path)
            self.reply(404, b"not yet")
        elif path.startswith("/a/") and path.endswith(".html"):
            time.sleep(PAGE_DELAY["value"])
            self.reply(200, page(int(path[3:-5]), "به گزارش ایرنا"))
        elif path.startswith("/b/") and path.endswith(".html"):
            self.reply(200, page(int(path[3:-5]), "به گزارش ایسنا به نقل از ایرنا"))
        elif path == "/broken.xml":
            self.reply(200, b"<rss><channel><item><title>x</title", "application/rss+xml")
        elif path == "/html-feed":
            self.reply(200, b"<html><body><p>not a feed</p></body></html>")
        elif path.startswith("/loop"):
            self.reply(302, headers={"Location": path + "x"})
        else:
            self.reply(404, b"not found")


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Handler.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Handler.base
    httpd.shutdown()


def sources_file(tmp_path: Path, base: str, broken: bool = True) -> Path:
    entries = [("ایرنا", "IRNA", "irna.ir", f"{base}/a/feed.xml"), ("ایسنا", "ISNA", "isna.ir", f"{base}/b/feed.xml")]
    if broken:
        entries += [("خراب", "Fars", "farsnews.ir", f"{base}/broken.xml"),
                    ("صفحه", "Mehr", "mehrnews.com", f"{base}/html-feed"),
                    ("گمشده", "Tasnim", "tasnimnews.com", f"{base}/missing.xml"),
                    ("چرخه", "YJC", "yjc.ir", f"{base}/loop")]
    text = "".join(f'[[source]]\nname = "{n}"\nagency = "{a}"\nfeeds = ["{f}"]\ndomain = "{d}"\ninterval = "30s"\n\n'
                   for n, a, d, f in entries)
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def env(tmp_path: Path) -> dict[str, str]:
    """The monitor's environment: a SQLite file in tmp_path (another process must see it), or the
    in-memory store of this test when `memory_url` set MEMORY_DB."""
    url = MEMORY_DB.get(str(tmp_path)) or f"sqlite:///{tmp_path / 'm.db'}"
    return {"RASAD_ALLOW_PRIVATE_NETWORKS": "1", "RASAD_DB": url}


MEMORY_DB: dict[str, str] = {}


@pytest.fixture(autouse=True)
def in_memory(request: pytest.FixtureRequest, tmp_path: Path):
    """Tests run on the in-memory store, except those that start the monitor as another process."""
    if "subprocess" in request.node.name or "kill" in request.node.name:
        yield
        return
    url = request.getfixturevalue("memory_url")
    MEMORY_DB[str(tmp_path)] = url
    yield
    MEMORY_DB.pop(str(tmp_path), None)


def monitor_once(tmp_path: Path, sources: Path):
    return CliRunner().invoke(main, ["monitor", "--once", "--sources", str(sources), "--host-interval", "0"],
                              env=env(tmp_path), catch_exceptions=False)


def stored_urls(tmp_path: Path) -> list[str]:
    try:
        with open_store(env(tmp_path)["RASAD_DB"], write=False) as store:
            return [a.record["url"] for a in store.iter_articles()]
    except StoreError:  # the monitor is still creating the database
        return []


def test_monitor_once_stores_new_articles_and_reports_failures(server: str, tmp_path: Path) -> None:
    result = monitor_once(tmp_path, sources_file(tmp_path, server))
    assert result.exit_code == 1, result.output  # some sources failed: cron should know
    urls = stored_urls(tmp_path)
    assert len(urls) == N_ITEMS + 1 and len(set(urls)) == len(urls)
    for name in ("خراب", "صفحه", "گمشده", "چرخه"):
        assert f"{name}: failed" in result.output
    assert "ایرنا: ok, 6 new" in result.output
    record = json.loads(CliRunner().invoke(main, ["show", "1", "--format", "json"], env=env(tmp_path)).output)
    assert record["agency"]["id"] == "IRNA" and record["published_jalali"] == "1404-08-10"
    assert record["quotes"] and record["quotes"][0]["speaker"] == "مدیرکل هواشناسی گیلان"
    # the next round finds nothing new: the feed is not refetched into duplicates
    assert "ایرنا: ok, 0 new" in monitor_once(tmp_path, sources_file(tmp_path, server)).output
    assert len(stored_urls(tmp_path)) == N_ITEMS + 1


def test_republished_article_joins_the_first_publishers_story(server: str, tmp_path: Path) -> None:
    monitor_once(tmp_path, sources_file(tmp_path, server, broken=False))
    lines = CliRunner().invoke(main, ["stories", "--format", "jsonl"], env=env(tmp_path)).output.splitlines()
    stories = [json.loads(line) for line in lines]
    [story] = [s for s in stories if len(s["articles"]) == 2]
    assert story["first"]["agency"] == "IRNA"
    assert {a["agency"] for a in story["articles"]} == {"IRNA", "ISNA"}
    assert "cites" in next(a["how"] for a in story["articles"] if a["agency"] == "ISNA")


def test_source_state_is_kept(server: str, tmp_path: Path) -> None:
    monitor_once(tmp_path, sources_file(tmp_path, server))
    with open_store(env(tmp_path)["RASAD_DB"], write=False) as store:
        state = {name: s.errors for name, s in store.source_states().items()}
        feeds = store.feed_states()
    assert state["خراب"] == 1 and state["ایرنا"] == 0
    assert feeds[f"{server}/a/feed.xml"]["etag"] == '"a1"'


def test_restart_after_kill_loses_nothing_and_stores_nothing_twice(server: str, tmp_path: Path) -> None:
    PAGE_DELAY["value"] = 0.4
    sources = sources_file(tmp_path, server, broken=False)
    command = [sys.executable, "-m", "rasad.cli", "monitor", "--sources", str(sources), "--host-interval", "0"]
    process = subprocess.Popen(command, env={**os.environ, **env(tmp_path)}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if (tmp_path / "m.db").exists() and len(stored_urls(tmp_path)) >= 2:
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    finally:
        PAGE_DELAY["value"] = 0.0
        if process.poll() is None:
            process.kill()
    before = stored_urls(tmp_path)
    assert 2 <= len(before) < N_ITEMS + 1, "the kill should land in the middle of the first round"
    result = monitor_once(tmp_path, sources)
    assert result.exit_code == 0
    after = stored_urls(tmp_path)
    assert after[: len(before)] == before
    assert len(after) == N_ITEMS + 1 and len(set(after)) == len(after)


def test_search_collapses_a_story(server: str, tmp_path: Path) -> None:
    monitor_once(tmp_path, sources_file(tmp_path, server, broken=False))
    args = ["search", "بارش باران گیلان", "--format", "jsonl"]
    plain = CliRunner().invoke(main, args, env=env(tmp_path)).output.splitlines()
    result = CliRunner().invoke(main, [*args, "--collapse"], env=env(tmp_path))
    collapsed = [json.loads(h) for h in result.output.splitlines()]
    assert len(plain) == 2 and len(collapsed) == 1 and collapsed[0]["also"] == 1


def test_a_page_that_failed_is_fetched_again_later(server: str, tmp_path: Path) -> None:
    FAIL_ONCE.add("/a/2.html")
    sources = sources_file(tmp_path, server, broken=False)
    first = monitor_once(tmp_path, sources)
    assert "a/2.html: HTTP 404" in first.output

    def body_of_item_2() -> str:
        with open_store(env(tmp_path)["RASAD_DB"], write=False) as store:
            [record] = [a.record for a in store.iter_articles() if a.record["url"].endswith("/a/2.html")]
        return "\n".join(filter(None, [record["lead"], *record["paragraphs"]]))

    assert "ورزشگاه" not in body_of_item_2()  # stored from the feed's summary alone
    second = monitor_once(tmp_path, sources)
    assert "ایرنا: ok, 0 new" in second.output
    assert "ورزشگاه یادگار امام" in body_of_item_2()  # completed from its page
    assert len(stored_urls(tmp_path)) == N_ITEMS + 1
