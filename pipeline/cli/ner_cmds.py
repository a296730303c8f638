"""NER command: ``tripreport ner [FILE|-]``, a thin wrapper over
:func:`pipeline.ner.stage.extract_entities` (imported on use, so the CLI starts fast).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

LANGS = ("zh-Hant", "zh-Hans", "ja", "en")


def ner(
    file: Annotated[str, typer.Argument(help="Plain-text file, or - for standard input.")] = "-",
    lang: Annotated[
        str | None,
        typer.Option("--lang", "-l", help="Language of the text (zh-Hant, zh-Hans, ja, en); detected per line if omitted."),
    ] = None,
    compact: Annotated[bool, typer.Option("--compact", help="One-line JSON.")] = False,
) -> None:
    """Run the NER stage on plain text and print the entities as JSON."""
    if lang is not None and lang not in LANGS:
        typer.echo(f"error: --lang must be one of {', '.join(LANGS)}", err=True)
        raise typer.Exit(2)
    try:
        if file == "-":
            text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
        else:
            text = Path(file).read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        typer.echo(f"error: {file}: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from exc
    from pipeline.ner.stage import extract_entities

    entities = extract_entities(text, lang)
    data = [e.to_dict() for e in entities]
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=None if compact else 1) + "\n")


def register(app: typer.Typer, *, train_app: typer.Typer, evaluate_app: typer.Typer) -> None:
    """Add this module's commands to the ``tripreport`` apps."""
    app.command("ner")(ner)
