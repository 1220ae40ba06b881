"""One exception tree for rasad. Library code raises these; the CLI and HTTP layers translate them.

Each class says once what it becomes at a boundary: `exit_code` for the command line (1: an input
failed and the rest was processed; 2: a usage or setup error) and `http_status` for the HTTP API.
`exit_code_for` and `http_status_for` are the only mappings; the CLI's one boundary
(`rasad.cli_boundary.fail_cleanly`) uses the first. Every error pickles and unpickles to an equal
message and attributes, so it can travel back from a worker process.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ClusterError", "ConfigError", "Conflict", "FetchError", "Forbidden", "InputError", "ModelError",
    "NotAuthenticated", "NotFound", "RasadError", "StoreError",
    "exit_code_for", "http_status_for",
]


class RasadError(Exception):
    """Base of every error rasad raises on purpose. `str(error)` is a message a user can act on."""

    exit_code: int = 2
    http_status: int = 500


class InputError(RasadError):
    """A document cannot be read: empty, binary, undecodable, too large, or of an unknown form.

    `source` names the file or URL, `reason` says why in a few words.
    """

    exit_code = 1
    http_status = 422

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.source, self.reason), self.__dict__)


class ConfigError(RasadError):
    """A setting, a source list or a database URL is wrong. Over HTTP it is the server's own
    configuration, not the client's request, hence 500."""

    exit_code = 2
    http_status = 500


class StoreError(RasadError):
    """The store cannot be opened, migrated or written."""

    exit_code = 2
    http_status = 503


class NotFound(RasadError):
    """An article, person or story asked for by id or name does not exist."""

    exit_code = 2
    http_status = 404


class FetchError(RasadError):
    """A URL could not be fetched (network, HTTP status, size or time limit, refused address)."""

    exit_code = 1
    http_status = 502

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.url, self.reason), self.__dict__)


class ModelError(RasadError):
    """A model file (NER, lexicon) is missing or cannot be loaded."""

    exit_code = 2
    http_status = 500


class ClusterError(RasadError):
    """The Dask cluster cannot be started or reached, or it lost a piece of work beyond its retries
    (`rasad reprocess`, `rasad ingest --workers`)."""

    exit_code = 2
    http_status = 503
class Conflict(RasadError):
    """A name is taken already (a watch, a user)."""

    exit_code = 2
    http_status = 409


class NotAuthenticated(RasadError):
    """A request that writes came without a login (or with an expired one), or a login failed."""

    exit_code = 2
    http_status = 401


class Forbidden(RasadError):
    """A logged-in request that may not do this: a missing or wrong CSRF token, another user's watch."""

    exit_code = 2
    http_status = 403


class AmbiguousName(NotFound):
    """A name stands for several people; `candidates` lists them (rasad.store.values.PersonCandidate)."""

    def __init__(self, name: str, candidates: list) -> None:  # type: ignore[type-arg]
        listed = "، ".join(f"{c.name} (#{c.id})" for c in candidates[:10])
        super().__init__(f"{name!r} names {len(candidates)} people: {listed}; ask for one by its full name or id")
        self.name = name
        self.candidates = candidates

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (type(self), (self.name, self.candidates))


def exit_code_for(error: BaseException) -> int:
    """The command's exit status for an error: the class's `exit_code` for a RasadError, 1 otherwise."""
    return error.exit_code if isinstance(error, RasadError) else 1


def http_status_for(error: BaseException) -> int:
    """The HTTP status for an error: the class's `http_status` for a RasadError, 500 otherwise."""
    return error.http_status if isinstance(error, RasadError) else 500
