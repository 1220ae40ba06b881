"""`rasad serve`: the web app (rasad.web) over the store, served by uvicorn, with the alerts'
delivery in a background thread."""

from __future__ import annotations

import click

from rasad.cli_boundary import fail_cleanly
from rasad.cli_params import DB_OPTION

__all__ = ["serve", "serve_command"]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 opens it to the network: reading needs no login).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@DB_OPTION
@fail_cleanly
def serve_command(host: str, port: int, db_url: str | None) -> None:
    """Serve the web pages and their JSON API (/api/..., schema at /openapi.json) over the store:
    `rasad ingest` and `rasad monitor` may write to the same database meanwhile. Watches are
    created and changed there by users logged in (`rasad user add`); alerts due are sent from here.

    \b
    rasad serve                          # http://127.0.0.1:8000/
    rasad serve --port 8080 --db sqlite:////srv/rasad.db

    Reading needs no login. To serve others, keep rasad on 127.0.0.1 and put a reverse proxy in front
    (nginx or Caddy: TLS there, and who may read decided there): docs/web.md, "Behind a reverse
    proxy", has both configurations."""
    from rasad.settings import default_db_url

    serve(db_url or default_db_url(), host, port)


def serve(url: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the web app over the store at `url` until Ctrl-C; a missing database fails first (exit 2)."""
    import uvicorn

    from rasad.store import open_store
    from rasad.web import create_app

    open_store(url, write=False).close()  # a missing or unreadable database fails here, once (exit 2)
    click.echo(f"rasad: serving {url} on http://{host}:{port}/  (Ctrl-C stops)", err=True)
    uvicorn.run(create_app(url, deliver=True), host=host, port=port, log_level="warning")
