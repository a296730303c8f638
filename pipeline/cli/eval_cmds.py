"""Evaluation commands: ``tripreport evaluate ner``.

Thin wrappers over :mod:`pipeline.evaluation.ner`; results print as one rich
table per score block (precision, recall, F1, support per label) or, with
``--json``, as JSON. Exit codes: 2 for unusable gold data, missing inputs or a
missing NER component.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer


def _tables(result: dict[str, Any], prefix: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every score block (a dict with ``labels`` and ``micro``) in a result, with its path."""
    if "labels" in result and "micro" in result:
        return [(prefix or "scores", result)]
    out = []
    for key, val in result.items():
        if isinstance(val, dict):
            out += _tables(val, f"{prefix} / {key}" if prefix else key)
    return out


def render(result: dict[str, Any]) -> None:
    """Print a result as rich tables: one row per label, PLACE group, micro."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    head = {k: v for k, v in result.items() if not isinstance(v, dict)}
    if head:
        console.print("  ".join(f"{k}: {v}" for k, v in head.items()))
    for title, block in _tables(result):
        table = Table(title=title, title_justify="left")
        for col in ("label", "precision", "recall", "F1", "support", "tp", "fp", "fn"):
            table.add_column(col, justify="left" if col == "label" else "right")
        rows = [*block["labels"].items(), *block.get("groups", {}).items(), ("micro", block["micro"])]
        for name, r in rows:
            table.add_row(name, f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}",
                          str(r["support"]), str(r["tp"]), str(r["fp"]), str(r["fn"]),
                          style="bold" if name == "micro" else None)
        console.print(table)
    for key in ("missed", "spurious"):
        for lab, names in (result.get("document_level", {}).get(key) or {}).items():
            console.print(f"{key} {lab}: {'、'.join(names)}")


def register(app: typer.Typer, *, train_app: typer.Typer, evaluate_app: typer.Typer) -> None:
    """Add this module's commands to the ``tripreport`` apps."""

    @evaluate_app.command("ner")
    def evaluate_ner(
        gold: Annotated[Path | None, typer.Option("--gold", help="Document-level gold (.gold.json).")] = None,
        passages: Annotated[Path | None, typer.Option("--passages", help="Mention-level passages (.jsonl).")] = None,
        corpus: Annotated[str | None, typer.Option(
            "--corpus", help="Public split: msra.test, cluener.dev, weibo.test, resume.test, gsd.test, gsd.dev.")] = None,
        limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N sentences (--corpus).")] = None,
        source: Annotated[str, typer.Option("--source", help="For --gold: auto, pdf or text.")] = "auto",
        as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    ) -> None:
        """Score the NER stage: document-level sets, written passages or a public corpus."""
        from pipeline.evaluation import ner as ev

        if sum(x is not None for x in (gold, passages, corpus)) != 1:
            typer.echo("error: give exactly one of --gold, --passages, --corpus", err=True)
            raise typer.Exit(2)
        if source not in ("auto", "pdf", "text"):
            typer.echo(f"error: --source must be auto, pdf or text, not {source!r}", err=True)
            raise typer.Exit(2)
        try:
            if gold is not None:
                result = ev.evaluate_gold_file(gold, source=source)
            elif passages is not None:
                result = ev.evaluate_passages(passages)
            else:
                result = ev.evaluate_public(corpus or "", limit=limit)
        except (ev.EvaluationError, OSError, ValueError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        if as_json:
            sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
        else:
            render(result)
