"""rasad's web app: server-rendered Persian pages, each with its JSON twin under /api (`rasad serve`)."""

from __future__ import annotations

from rasad.web.app import create_app

__all__ = ["create_app"]
