"""What every command module shares: the corpus option, error printing, exit codes.

Domain exceptions (:mod:`pipeline.errors`) become exit codes here and only here:
1 when a document, an input or a result is missing or bad, 2 when the corpus,
a resource or an argument is unusable.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Annotated

import typer

from pipeline.corpus.store import Corpus
from pipeline.errors import (
    AmbiguousId,
    CorpusError,
    DocumentNotFound,
    InputError,
    TripreportError,
)

CORPUS_ENV = "TRIPREPORT_CORPUS"

CorpusOpt = Annotated[
    Path,
    typer.Option("--corpus", "-c", envvar=CORPUS_ENV, file_okay=False,
                 help=f"Corpus folder (default ./corpus or ${CORPUS_ENV})."),
]

# First match wins; anything else of ours is 2 (unusable corpus, resource or argument).
EXIT_CODES: list[tuple[type[TripreportError], int]] = [
    (DocumentNotFound, 1),
    (AmbiguousId, 1),
    (InputError, 1),
]


def exit_code(exc: BaseException) -> int:
    """The exit code of a domain exception (see :data:`EXIT_CODES`)."""
    return next((code for kind, code in EXIT_CODES if isinstance(exc, kind)), 2)


def err(message: str) -> None:
    """Print one line on stderr."""
    typer.echo(message, err=True)


def fail(exc: BaseException) -> typer.Exit:
    """Print ``error: ...`` for a domain exception and return the Exit to raise."""
    err(f"error: {exc}")
    return typer.Exit(exit_code(exc))


def open_reading(corpus: Path) -> sqlite3.Connection:
    """The corpus index opened for reading; an unusable corpus ends the command."""
    try:
        return Corpus(corpus).open_for_reading()
    except CorpusError as exc:
        raise fail(exc) from exc


def existing_corpus(corpus: Path) -> Corpus:
    """The :class:`~pipeline.corpus.store.Corpus` at ``corpus``; ends the command if there is none."""
    c = Corpus(corpus)
    if not c.exists():
        raise fail(CorpusError(f"{corpus}: no corpus here (run `tripreport ingest` first)"))
    return c
