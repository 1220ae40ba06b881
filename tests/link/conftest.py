from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from rasad.models import Agency, Article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "link"


@pytest.fixture(scope="session")
def articles() -> dict[str, Article]:
    data = json.loads((FIXTURES / "articles.json").read_text(encoding="utf-8"))
    return {key: Article(title=item["title"], paragraphs=item["paragraphs"], agency=Agency(*item["agency"]),
                         published=datetime.fromisoformat(item["published"]))
            for key, item in data.items() if not key.startswith("_")}
