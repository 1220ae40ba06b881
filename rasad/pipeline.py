"""The pipeline: raw documents -> parsed, normalized articles -> enriched articles.

Every stage is a plain function; a bad document fails alone and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rasad.acquire.files import iter_paths, read_document
from rasad.errors import RasadError
from rasad.extract.entities import extract_entities
from rasad.extract.metadata import add_metadata
from rasad.extract.places import add_places
from rasad.extract.quotes import analyze as analyze_quotes
from rasad.models import Article, RawDocument
from rasad.parse import parse_document

Enricher = Callable[[Article], Article]



def add_quotes_and_persons(article: Article) -> Article:
    """Who said what, and the people the article names with their roles (one shared pass)."""
    article.quotes, article.persons = analyze_quotes(article)
    return article


def entity_stage(model_dir: Path | str | None = None) -> Enricher:
    """The named-entity stage with the shipped model, or the model in `model_dir` (a rasad model
    or a Hugging Face token-classification folder)."""

    def add_entities(article: Article) -> Article:
        article.entities = extract_entities(article.text, model_dir)
        return article

    return add_entities


def default_enrichers(ner_model: Path | str | None = None) -> list[Enricher]:
    """The enrichment stages in order: each takes the article the previous one returned."""
    return [add_metadata, entity_stage(ner_model), add_places, add_quotes_and_persons]


ENRICHERS: list[Enricher] = default_enrichers()


@dataclass(slots=True)
class Outcome:
    """What became of one input: its articles, or the error that stopped it."""

    source: str
    articles: list[Article] = field(default_factory=list)
    error: RasadError | None = None


def enrich(article: Article, enrichers: Iterable[Enricher] | None = None) -> Article:
    for stage in ENRICHERS if enrichers is None else enrichers:
        article = stage(article)
    return article


def analyze_document(doc: RawDocument, enrichers: Iterable[Enricher] | None = None) -> list[Article]:
    """Parse and enrich one raw document. Raises RasadError subclasses."""
    stages = list(ENRICHERS if enrichers is None else enrichers)
    return [enrich(article, stages) for article in parse_document(doc)]


def analyze_text(text: str, source: str = "<text>") -> Article:
    """Analyze one plain-text article given as a string."""
    return analyze_document(RawDocument(source=source, content=text))[0]


def analyze_paths(paths: Iterable[str | Path], enrichers: Iterable[Enricher] | None = None) -> Iterator[Outcome]:
    """Analyze files and folders; one Outcome per file, errors included, never raised."""
    stages = list(ENRICHERS if enrichers is None else enrichers)
    for path in iter_paths(list(paths)):
        try:
            yield Outcome(str(path), analyze_document(read_document(path), stages))
        except RasadError as exc:
            yield Outcome(str(path), error=exc)


__all__ = [
    "ENRICHERS", "Outcome", "analyze_document", "analyze_paths", "analyze_text", "default_enrichers", "enrich",
    "entity_stage",
]
