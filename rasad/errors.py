"""One exception tree for rasad. Library code raises these; the CLI and HTTP layers translate them."""

from __future__ import annotations


class RasadError(Exception):
    """Base of every error rasad raises on purpose. `str(error)` is a message a user can act on."""


class InputError(RasadError):
    """A document cannot be read: empty, binary, undecodable, too large, or of an unknown form.

    `source` names the file or URL, `reason` says why in a few words.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ConfigError(RasadError):
    """A setting, a source list or a database URL is wrong."""


class StoreError(RasadError):
    """The store cannot be opened, migrated or written."""


class NotFound(RasadError):
    """An article, person or story asked for by id or name does not exist."""


class FetchError(RasadError):
    """A URL could not be fetched (network, HTTP status, size or time limit, refused address)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class ModelError(RasadError):
    """A model file (NER, lexicon) is missing or cannot be loaded."""


class AmbiguousName(NotFound):
    """A name stands for several people; `candidates` lists them (rasad.store.values.PersonCandidate)."""

    def __init__(self, name: str, candidates: list) -> None:  # type: ignore[type-arg]
        listed = "، ".join(f"{c.name} (#{c.id})" for c in candidates[:10])
        super().__init__(f"{name!r} names {len(candidates)} people: {listed}; ask for one by its full name or id")
        self.name = name
        self.candidates = candidates

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.name, self.candidates))
