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
