"""One error boundary for the store backends: every public method of a backend's classes raises
StoreError where its database driver raises (a full disk, a corrupted or locked file, the server
gone, a permission missing), naming the database. Each backend says which driver errors it
catches and how to name itself; the wrapping is done here once."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from typing import TypeVar

from rasad.errors import StoreError

_Class = TypeVar("_Class", bound=type)
Translate = Callable[[Exception, object], StoreError]


def errors_as_store_errors(cls: _Class, caught: tuple[type[Exception], ...], translate: Translate,
                           modules: str) -> _Class:
    """Wrap the public methods of `cls` and of its bases defined in modules starting with
    `modules` (the backend's mixins), generators included, so that `caught` becomes StoreError."""

    def wrap(method: Callable[..., object]) -> Callable[..., object]:
        if inspect.isgeneratorfunction(method):
            @functools.wraps(method)
            def generator(self: object, *args: object, **kwargs: object) -> Iterator[object]:
                try:
                    yield from method(self, *args, **kwargs)  # type: ignore[misc]
                except caught as exc:
                    raise translate(exc, self) from exc
            return generator

        @functools.wraps(method)
        def call(self: object, *args: object, **kwargs: object) -> object:
            try:
                return method(self, *args, **kwargs)
            except caught as exc:
                raise translate(exc, self) from exc
        return call

    for name, member in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(member):
            setattr(cls, name, wrap(member))
    for base in cls.__mro__[1:]:
        if base.__module__.startswith(modules):
            for name, member in list(vars(base).items()):
                if not name.startswith("_") and inspect.isfunction(member) and name not in vars(cls):
                    setattr(cls, name, wrap(member))
    return cls


__all__ = ["errors_as_store_errors"]
