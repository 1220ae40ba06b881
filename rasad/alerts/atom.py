"""A watch's alerts as an Atom feed (RFC 4287), served at an unguessable URL (its feed token)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from rasad.alerts.email import jalali_day
from rasad.store.watch_values import Alert, Watch

ATOM = "http://www.w3.org/2005/Atom"


def atom_feed(watch: Watch, alerts: list[Alert], base_url: str, self_url: str) -> bytes:
    """The feed's XML: one entry an alert, newest first, each linking to the article's page."""
    base_url = base_url.rstrip("/")
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "fa"})

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        child = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            child.text = text
        return child

    add(feed, "id", f"urn:rasad:watch:{watch.id}:{watch.feed_token}")
    add(feed, "title", f"رصد · {watch.name}")
    add(feed, "updated", alerts[0].created_at if alerts else watch.updated_at)
    add(feed, "link", rel="self", href=self_url)
    add(feed, "link", rel="alternate", href=f"{base_url}/watches/{watch.id}")
    add(add(feed, "author"), "name", "رصد")
    for alert in alerts:
        entry = add(feed, "entry")
        add(entry, "id", f"urn:rasad:alert:{watch.id}:{alert.id}")
        add(entry, "title", alert.title)
        add(entry, "updated", alert.created_at)
        if alert.published_at:
            add(entry, "published", alert.published_at)
        add(entry, "link", rel="alternate", href=f"{base_url}/articles/{alert.article_id}")
        if alert.url:
            add(entry, "link", rel="related", href=alert.url)
        add(add(entry, "author"), "name", alert.agency or "رصد")
        summary = f"{alert.reason} · {jalali_day(alert.published_at)}"
        if alert.quote:
            summary += f"\n«{alert.quote}»"
        add(entry, "summary", summary)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


__all__ = ["ATOM", "atom_feed"]
