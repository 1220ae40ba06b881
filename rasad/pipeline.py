"""The pipeline: raw documents -> parsed, normalized articles -> enriched articles.

Two kinds of work follow parsing:

- **Per-article stages (a map)**: metadata, named entities, gazetteer places, quotes and persons.
  Each takes one article and returns it enriched, looking at nothing else, so articles can be
  enriched in any order, in batches (`Pipeline.enrich_many`: the entity stage tags the sentences
  of many articles in one call) or in worker processes: a built `Pipeline` pickles (the entity
  stage carries its model folder, not the weights, and loads the model again, once, in a worker).
- **Sequential stages (after the map)**: linking people across articles and linking articles into
  stories depend on what was stored before, so they run one article at a time, in order, in the
  store and the ingest service (`rasad.store`, `rasad.ingest`), not here.

A pipeline is built by one function, `build_pipeline`, from the settings: the NER model loads
then, so a missing or broken model fails once (ModelError, exit status 2), before any input is
read. A bad document fails alone (`Outcome.error`) and the batch goes on.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from rasad import settings
from rasad.acquire.files import Skipped, display_path, iter_paths, read_articles
from rasad.errors import ConfigError, InputError, RasadError
from rasad.extract.entities import extract_entities, extract_entities_many, load_tagger
from rasad.extract.metadata import add_metadata
from rasad.extract.places import add_places
from rasad.extract.quotes import analyze as analyze_quotes
from rasad.models import Article, RawDocument
from rasad.parse import parse_document

Enricher = Callable[[Article], Article]


class Stage(ABC):
    """One per-article enrichment step: `stage(article)` returns the article enriched, and
    `stage.many(articles)` does the same for a batch (by default one at a time). Stages are
    module-level classes holding plain values, so they pickle."""

    name: ClassVar[str]

    @abstractmethod
    def __call__(self, article: Article) -> Article: ...

    def many(self, articles: Sequence[Article]) -> list[Article]:
        return [self(article) for article in articles]

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and vars(self) == vars(other)

    def __hash__(self) -> int:
        return hash(type(self))


class MetadataStage(Stage):
    """Agency, dates, dateline, cited sources and keywords (`rasad.extract.metadata`)."""

    name = "metadata"

    def __call__(self, article: Article) -> Article:
        return add_metadata(article)


class EntityStage(Stage):
    """Named entities with the shipped model, or the model in `model_dir` (a rasad model or a
    Hugging Face token-classification folder). The model is loaded when the stage is built (a bad
    folder raises ModelError there) through `load_tagger`'s per-process cache; a pickled stage
    carries only the folder and loads the model on first use in the process that unpickles it."""

    name = "entities"

    def __init__(self, model_dir: Path | str | None = None) -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else None
        load_tagger(self.model_dir)

    def __repr__(self) -> str:
        return f"EntityStage({str(self.model_dir) if self.model_dir else ''!r})"

    def __call__(self, article: Article) -> Article:
        article.entities = extract_entities(article.text, self.model_dir)
        return article

    def many(self, articles: Sequence[Article]) -> list[Article]:
        found = extract_entities_many([article.text for article in articles], self.model_dir)
        for article, entities in zip(articles, found, strict=True):
            article.entities = entities
        return list(articles)


class PlacesStage(Stage):
    """Gazetteer places, also inside other entities (`rasad.extract.places`)."""

    name = "places"

    def __call__(self, article: Article) -> Article:
        return add_places(article)


def add_quotes_and_persons(article: Article) -> Article:
    """Who said what, and the people the article names with their roles (one shared pass)."""
    article.quotes, article.persons = analyze_quotes(article)
    return article


class QuotesStage(Stage):
    """Who said what, and the people named with their roles (`rasad.extract.quotes`)."""

    name = "quotes"

    def __call__(self, article: Article) -> Article:
        return add_quotes_and_persons(article)


class FunctionStage(Stage):
    """A plain function `Article -> Article` as a stage (it pickles if the function is module-level)."""

    def __init__(self, func: Enricher, name: str | None = None) -> None:
        self.func = func
        self.label = name or str(getattr(func, "__name__", "stage"))

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.label

    def __repr__(self) -> str:
        return f"FunctionStage({self.label})"

    def __call__(self, article: Article) -> Article:
        return self.func(article)


STAGES: dict[str, Callable[[Path | None], Stage]] = {
    "metadata": lambda _: MetadataStage(),
    "entities": EntityStage,
    "places": lambda _: PlacesStage(),
    "quotes": lambda _: QuotesStage(),
}
"""The per-article stages by name, in the order they run (each may use what the earlier ones added)."""


@dataclass(frozen=True, slots=True)
class Pipeline:
    """Named per-article stages, in order. Iterating a pipeline gives its stages, so a pipeline
    goes wherever a list of enrichers went."""

    stages: tuple[Stage, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(stage.name for stage in self.stages)

    def __iter__(self) -> Iterator[Stage]:
        return iter(self.stages)

    def enrich(self, article: Article) -> Article:
        """One article through every stage."""
        for stage in self.stages:
            article = stage(article)
        return article

    def enrich_many(self, articles: Iterable[Article]) -> list[Article]:
        """Many articles through every stage, stage by stage (the result equals `enrich` on each)."""
        batch = list(articles)
        for stage in self.stages:
            if batch:
                batch = stage.many(batch)
        return batch

    def analyze_document(self, doc: RawDocument) -> list[Article]:
        """Parse and enrich one raw document. Raises RasadError subclasses."""
        return self.enrich_many(parse_document(doc))


def build_pipeline(ner_model: Path | str | None = None, stages: Iterable[str] | None = None) -> Pipeline:
    """The pipeline of the named `stages` (default: all of `STAGES`, in order), with the NER model
    in `ner_model`, else the `ner_model` setting (RASAD_NER_MODEL), else the shipped model.
    Loads the model now: raises ModelError for a bad one, ConfigError for an unknown stage name."""
    names = list(STAGES) if stages is None else list(stages)
    unknown = [n for n in names if n not in STAGES]
    if unknown:
        raise ConfigError(f"unknown pipeline stage(s) {', '.join(unknown)}: choose from {', '.join(STAGES)}")
    if ner_model is None:
        ner_model = settings.get("ner_model")
    model = Path(ner_model) if ner_model is not None else None
    return Pipeline(tuple(STAGES[name](model) for name in names))


def as_pipeline(stages: Pipeline | Iterable[Enricher] | None) -> Pipeline:
    """A Pipeline from a Pipeline, a list of stages or plain functions, or None (the default pipeline)."""
    if stages is None:
        return build_pipeline()
    if isinstance(stages, Pipeline):
        return stages
    return Pipeline(tuple(s if isinstance(s, Stage) else FunctionStage(s) for s in stages))


@dataclass(slots=True)
class Outcome:
    """What became of one input: its articles, or the error that stopped it, or why it was
    skipped without being read (`skipped`: a README, LICENSE or SOURCE.txt beside a dataset)."""

    source: str
    articles: list[Article] = field(default_factory=list)
    error: RasadError | None = None
    skipped: str | None = None


def default_enrichers(ner_model: Path | str | None = None) -> list[Stage]:
    """The default pipeline's stages in order (`build_pipeline(ner_model).stages`)."""
    return list(build_pipeline(ner_model).stages)


def entity_stage(model_dir: Path | str | None = None) -> EntityStage:
    """The named-entity stage with the shipped model, or the model in `model_dir`."""
    return EntityStage(model_dir)


def enrich(article: Article, enrichers: Pipeline | Iterable[Enricher] | None = None) -> Article:
    """One article through a pipeline (default: `build_pipeline()`)."""
    return as_pipeline(enrichers).enrich(article)


def analyze_document(doc: RawDocument, enrichers: Pipeline | Iterable[Enricher] | None = None) -> list[Article]:
    """Parse and enrich one raw document. Raises RasadError subclasses."""
    return as_pipeline(enrichers).analyze_document(doc)


def analyze_text(text: str, source: str = "<text>", pipeline: Pipeline | None = None) -> Article:
    """Analyze one plain-text article given as a string."""
    return analyze_document(RawDocument(source=source, content=text), pipeline)[0]


BATCH_ARTICLES = 64
"""How many articles `analyze_paths` parses before enriching them together."""


def analyze_paths(paths: Iterable[str | Path], pipeline: Pipeline | Iterable[Enricher] | None = None,
                  batch: int = BATCH_ARTICLES) -> Iterator[Outcome]:
    """Analyze files and folders; one Outcome per file, in order, errors included, never raised.
    A file that is not an article (`rasad.acquire.files.skip_reason`) gets an Outcome with no
    articles and the reason in `skipped`.

    Files are read and parsed one by one; their articles are enriched together once `batch`
    articles are waiting (`Pipeline.enrich_many`), so outcomes come in small bursts. Settings that
    every file needs (RASAD_MAX_BYTES) are read once, first: a bad one raises ConfigError here
    instead of failing every file."""
    stages = as_pipeline(pipeline)
    max_bytes = settings.get("max_bytes")
    pending: list[Outcome] = []
    waiting = 0
    skipped: list[Skipped] = []
    for path in iter_paths(list(paths), skipped):
        pending += [Outcome(display_path(s.path), skipped=s.reason) for s in skipped]
        skipped.clear()
        source = display_path(path)
        try:
            articles = read_articles(path, max_bytes)
        except RasadError as exc:
            pending.append(Outcome(source, error=exc))
        except Exception as exc:  # the last resort: one input's failure is that input's, whatever it is
            reason = f"could not be read: {type(exc).__name__}: {exc}"[:300]
            pending.append(Outcome(source, error=InputError(source, reason)))
        else:
            pending.append(Outcome(source, articles))
            waiting += len(articles)
        if waiting >= batch:
            yield from _enriched(pending, stages)
            pending, waiting = [], 0
    pending += [Outcome(display_path(s.path), skipped=s.reason) for s in skipped]
    yield from _enriched(pending, stages)


def _enriched(outcomes: list[Outcome], pipeline: Pipeline) -> Iterator[Outcome]:
    """The outcomes with their articles enriched in one batch. Enrichment raises a RasadError only
    when the model cannot be loaded (after unpickling in a worker): then every file of the batch
    carries that error. Any other failure of a stage is one file's: the batch is enriched again file
    by file, and the file that fails carries an InputError."""
    ok = [o for o in outcomes if o.error is None and o.skipped is None]
    try:
        enriched = pipeline.enrich_many([a for o in ok for a in o.articles])
    except RasadError as exc:
        for outcome in ok:
            outcome.articles, outcome.error = [], exc
    except Exception:  # a stage failed on some article: each file alone, so only its file fails
        for outcome in ok:
            try:
                outcome.articles = pipeline.enrich_many(outcome.articles)
            except Exception as exc:
                error = exc if isinstance(exc, RasadError) else InputError(
                    outcome.source, f"could not be analyzed: {type(exc).__name__}: {exc}"[:300])
                outcome.articles, outcome.error = [], error
    else:
        at = 0
        for outcome in ok:
            n = len(outcome.articles)
            outcome.articles, at = enriched[at : at + n], at + n
    yield from outcomes


__all__ = [
    "BATCH_ARTICLES", "STAGES", "EntityStage", "FunctionStage", "MetadataStage", "Outcome", "Pipeline",
    "PlacesStage", "QuotesStage", "Stage", "add_quotes_and_persons", "analyze_document", "analyze_paths",
    "analyze_text", "as_pipeline", "build_pipeline", "default_enrichers", "enrich", "entity_stage",
]
