"""`rasad ner`: BIO tags for tokenized text, in the CoNLL column form.

Input (a file or stdin): one token a line, a blank line between sentences; any further column
(after a TAB) is ignored. Output: `token<TAB>TAG` line for line, blank lines kept.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

import click

from rasad import settings
from rasad.cli_boundary import fail_cleanly


def read_sentences(lines: Iterable[str]) -> list[list[str] | None]:
    """Sentences (token lists) and, for each blank line, a None, in input order."""
    out: list[list[str] | None] = []
    cur: list[str] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            if cur:
                out.append(cur)
                cur = []
            out.append(None)
            continue
        cur.append(line.split("\t", 1)[0].strip())
    if cur:
        out.append(cur)
    return out


def write_tagged(items: list[list[str] | None], tags: list[list[str]], out: TextIO) -> None:
    it = iter(tags)
    for item in items:
        if item is None:
            out.write("\n")
            continue
        for token, tag in zip(item, next(it), strict=True):
            out.write(f"{token}\t{tag}\n")


def _utf8(stream: TextIO) -> TextIO:
    """The stream as UTF-8 whatever the locale (a real console's; test runners pass their own)."""
    if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower().replace("-", "") != "utf8":
        stream.reconfigure(encoding="utf-8")
    return stream


@click.command("ner")
@click.argument("input_file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--ner-model", "ner_model", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="A model folder: a rasad NER model or a Hugging Face token-classification "
              "model.")
@fail_cleanly
def ner_command(input_file: Path | None, ner_model: Path | None) -> None:
    """Tag tokens (one a line, blank line between sentences) with BIO entity tags."""
    from rasad.extract.entities import tag_tokens

    if input_file is not None:
        with open(input_file, encoding="utf-8") as handle:
            items = read_sentences(handle)
    else:
        items = read_sentences(_utf8(sys.stdin))
    sentences = [s for s in items if s is not None]
    tags = tag_tokens(sentences, ner_model or settings.get("ner_model"))
    write_tagged(items, tags, _utf8(sys.stdout))
