"""NER commands: ``tripreport ner [FILE|-]`` and ``tripreport train ner``.

Thin wrappers over :func:`pipeline.ner.stage.extract_entities` and helper G's
:func:`pipeline.training.ner_zh.train_zh_ner` (both imported lazily, so the CLI
starts fast).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

LANGS = ("zh-Hant", "zh-Hans", "ja", "en")


def ner(
    file: Annotated[str, typer.Argument(help="Plain-text file, or - for standard input.")] = "-",
    lang: Annotated[
        Optional[str],  # noqa: UP007 - typer needs Optional
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


def train_ner(
    output: Annotated[Path, typer.Option("--output", "-o", help="Model directory.")] = Path("models/ner-zh"),
    n_train: Annotated[Optional[int], typer.Option(help="Use only this many training examples.")] = None,  # noqa: UP007
) -> None:
    """Train the Chinese NER model (spaCy, character tokens) into models/ner-zh."""
    from pipeline.training.ner_zh import train_zh_ner

    path = train_zh_ner(output, n_train=n_train)
    typer.echo(f"model written to {path}")


def register(app: typer.Typer, *, train_app: typer.Typer, evaluate_app: typer.Typer) -> None:
    """Add this module's commands to the ``tripreport`` apps."""
    app.command("ner")(ner)
    train_app.command("ner")(train_ner)
