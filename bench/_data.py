"""Readers for the shared development data used by the link benchmarks (never copied into the repo)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

TEHRAN = ZoneInfo("Asia/Tehran")
REPO_ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    path = Path(os.environ.get("RASAD_SHARED") or REPO_ROOT.parent / "shared")
    if not path.is_dir():
        raise SystemExit(f"shared data not found at {path} (set RASAD_SHARED)")
    return path


@dataclass
class Doc:
    id: str
    agency: str
    title: str
    link: str
    paragraphs: list[str]
    published: datetime | None = None

    @property
    def text(self) -> str:
        return "\n".join([self.title, *self.paragraphs])


def read_ir_news(folder: Path) -> list[Doc]:
    """IR-News files: `agency###title###link###cats###datetime###id###tags`, ids line, `id<TAB>sentence`."""
    docs = []
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if not lines or "###" not in lines[0]:
            continue
        fields = lines[0].split("###")
        sentences = [line.split("\t", 1)[1].strip() for line in lines[2:] if "\t" in line]
        try:
            published = datetime.strptime(fields[4].strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=TEHRAN)
        except (ValueError, IndexError):
            published = None
        docs.append(Doc(f"ir:{path.stem}", fields[0], fields[1].strip(), fields[2].strip(),
                        [s for s in sentences if s], published))
    return docs


def read_varzesh3(folder: Path) -> list[Doc]:
    docs = []
    for path in sorted(folder.glob("*.json")):
        for i, item in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            parts = [item.get("abstract") or "", *item.get("paragraphs", [])]
            paragraphs = [p.strip() for p in parts if p.strip()]
            docs.append(Doc(f"v3:{path.stem}:{i}", "varzesh3", item.get("title", "").strip(),
                            (item.get("link") or "").strip(), paragraphs))
    return docs
