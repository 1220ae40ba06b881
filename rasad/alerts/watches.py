"""Watches made from what a user typed (the CLI's options, the web form's fields): checked once
here, so both refuse the same things with the same words."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from rasad.acquire.guard import check_url
from rasad.errors import AmbiguousName, FetchError, InputError
from rasad.store.base import Store
from rasad.store.watch_values import DIGESTS, Watch, WatchSpec

MAX_NAME = 100
_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


def agency_id(value: str | None) -> str | None:
    """The agency's id when the value names one (`ILNA`, `ایلنا`), else the value as given."""
    from rasad.extract.agencies import agency_by_id, agency_by_name

    if not value or not value.strip():
        return None
    agency = agency_by_id(value.strip()) or agency_by_name(value.strip())
    return agency.id if agency else value.strip()


def clean_spec(spec: WatchSpec, store: Store) -> WatchSpec:
    """The spec with its text trimmed and its agency as an id; raises InputError naming the field
    for a watch that matches nothing, a bad URL or address, a webhook into a private network (unless
    RASAD_ALLOW_PRIVATE_NETWORKS=1), a digest without an email, or a person whose name stands for
    several people in the store."""

    def text(value: str | None) -> str | None:
        return " ".join(value.split()) if value and value.strip() else None

    spec = WatchSpec(query=text(spec.query) or "", agency=agency_id(spec.agency), person=text(spec.person),
                     org=text(spec.org), place=text(spec.place), quotes_only=spec.quotes_only,
                     story_agencies=spec.story_agencies, webhook=text(spec.webhook), email=text(spec.email),
                     digest=spec.digest or None)
    if not spec.matches_anything():
        raise InputError("watch", "give something to match: words (--query), a person, an organization, a place, "
                                  "an agency or a story size (--story-agencies)")
    if spec.quotes_only and not spec.person:
        raise InputError("quotes-only", "needs a person (--person) whose quotes to watch")
    if spec.story_agencies is not None and not 2 <= spec.story_agencies <= 100:
        raise InputError("story-agencies", f"{spec.story_agencies}: give a number of agencies from 2 to 100")
    if spec.webhook:
        parts = urlsplit(spec.webhook)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError("webhook", f"{spec.webhook!r} is not an http(s) URL")
        try:
            check_url(spec.webhook)  # the private-network guard, as at sending time
        except FetchError as error:
            if "refused" in error.reason:  # a name that does not resolve now may later: only refusals stop here
                raise InputError("webhook", error.reason) from None
    if spec.email and not _EMAIL.match(spec.email):
        raise InputError("email", f"{spec.email!r} is not an email address")
    if spec.digest and spec.digest not in DIGESTS:
        raise InputError("digest", f"{spec.digest!r}: hourly or daily")
    if spec.digest and not spec.email:
        raise InputError("digest", "a digest is an email: give --email too")
    if spec.person:
        found = store.find_people(spec.person)
        if len(found) > 1:
            raise AmbiguousName(spec.person, found)
    return spec


def check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise InputError("name", f"a watch needs a name of 1 to {MAX_NAME} characters")
    return name


def create_watch(store: Store, name: str, spec: WatchSpec, owner: str | None = None) -> Watch:
    return store.add_watch(check_name(name), clean_spec(spec, store), owner)


def change_watch(store: Store, watch: Watch, name: str, spec: WatchSpec) -> Watch:
    return store.update_watch(watch.id, clean_spec(spec, store), check_name(name))


__all__ = ["MAX_NAME", "change_watch", "check_name", "clean_spec", "create_watch"]
