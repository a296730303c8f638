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


def render_set(result: dict[str, Any]) -> None:
    """Systems side by side on a real-text split: F1 per label group and language, both levels."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"{result['set']}: {result['passages']} passages, {result['gold_mentions']} gold mentions")
    for level in ("document_level", "mention_level"):
        table = Table(title=level.replace("_", " "), title_justify="left")
        for col in ("system", "lang", "ORG", "PERSON", "PLACE", "INDUSTRY", "micro P", "micro R", "micro F1"):
            table.add_column(col, justify="left" if col in ("system", "lang") else "right")
        for system, res in result["systems"].items():
            for lang, block in [("all", res["overall"]), *res["by_lang"].items()]:
                scores = block[level]
                f1 = {**{k: v["f1"] for k, v in scores["labels"].items()}, **{k: v["f1"] for k, v in scores["groups"].items()}}
                micro = scores["micro"]
                table.add_row(system, lang, *(f"{f1[k]:.3f}" if k in f1 else "–" for k in ("ORG", "PERSON", "PLACE", "INDUSTRY")),
                              f"{micro['precision']:.3f}", f"{micro['recall']:.3f}", f"{micro['f1']:.3f}",
                              style="bold" if lang == "all" else None)
        console.print(table)


def register(app: typer.Typer, *, train_app: typer.Typer, evaluate_app: typer.Typer) -> None:
    """Add this module's commands to the ``tripreport`` apps."""

    @evaluate_app.command("ner")
    def evaluate_ner(
        gold: Annotated[Path | None, typer.Option("--gold", help="Document-level gold (.gold.json).")] = None,
        passages: Annotated[Path | None, typer.Option("--passages", help="Mention-level passages (.jsonl).")] = None,
        corpus: Annotated[str | None, typer.Option(
            "--corpus", help="Public split: msra.test, cluener.dev, weibo.test, resume.test, gsd.test, gsd.dev.")] = None,
        limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N sentences (--corpus).")] = None,
        split: Annotated[str | None, typer.Option(
            "--set", help="Blind real-text set: dev or test (corpora/eval/real), beside the baselines.")] = None,
        systems: Annotated[str, typer.Option(
            "--systems", help="With --set: comma-separated, of tripreport, ginza, previous.")] = "tripreport,ginza,previous",
        source: Annotated[str, typer.Option("--source", help="For --gold: auto, pdf or text.")] = "auto",
        as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    ) -> None:
        """Score the NER stage: the real-text set, document-level sets, written passages or a public corpus."""
        from pipeline.evaluation import ner as ev
        from pipeline.evaluation import real_set

        if sum(x is not None for x in (gold, passages, corpus, split)) != 1:
            typer.echo("error: give exactly one of --set, --gold, --passages, --corpus", err=True)
            raise typer.Exit(2)
        if source not in ("auto", "pdf", "text"):
            typer.echo(f"error: --source must be auto, pdf or text, not {source!r}", err=True)
            raise typer.Exit(2)
        try:
            if split is not None:
                result = real_set.evaluate_set(split, [s.strip() for s in systems.split(",") if s.strip()])
            elif gold is not None:
                result = ev.evaluate_gold_file(gold, source=source)
            elif passages is not None:
                result = ev.evaluate_passages(passages)
            elif corpus in ev.ZH_PUBLIC:  # the Chinese model alone, as trained
                from pipeline.training import ner_zh

                result = {"corpus": corpus, **ner_zh.evaluate_zh_public(corpus, limit=limit)}
            else:
                result = ev.evaluate_public(corpus or "", limit=limit)
        except (ev.EvaluationError, OSError, ValueError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
        if as_json:
            sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
        elif split is not None:
            render_set(result)
        else:
            render(result)
