"""Sector commands: ``train sectors``, ``evaluate sectors``, ``classify``.

Thin wrappers over :mod:`pipeline.training.sectors` and :mod:`pipeline.sectors.stage`.
Exit codes: 1 when the input cannot be read or the quality gate fails, 2 when
the model, config or training data is unusable.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline import resources
from pipeline.annotations import SectorScore
from pipeline.cli.common import err
from pipeline.errors import TripreportError


def train_sectors(
    model_dir: Annotated[Path | None, typer.Option("--out", help="Model folder to (re)write.")] = None,
    data: Annotated[Path | None, typer.Option("--data", help="Labelled passages (JSONL).")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Sector taxonomy (TOML).")] = None,
) -> None:
    """Rebuild the sector model deterministically from the config and the train/dev splits."""
    from pipeline.training import sectors as sector_model

    try:
        meta = sector_model.train(config, data, model_dir)
    except (OSError, ValueError, KeyError, TripreportError) as exc:
        err(f"error: {exc}")
        raise typer.Exit(2) from exc
    typer.echo(f"wrote {model_dir or resources.model('sectors')} ({meta['training']['vocabulary']} n-grams, {len(meta['labels'])} labels)")
    typer.echo("thresholds: " + ", ".join(f"{k}={v:.2f}" for k, v in meta["thresholds"].items()))
    # Dev only: a training run is an iteration, and iterations must not see the blind test splits
    # (their scores are stored in model.json; `tripreport evaluate sectors --split test` shows them).
    typer.echo("in-house dev split (thresholds were tuned on it):")
    typer.echo(sector_model.format_metrics(meta["metrics"]["dev"]))
    typer.echo("real-passage dev split (thresholds were tuned on it):")
    typer.echo(sector_model.format_metrics(meta["metrics"]["real_dev"]))


def evaluate_sectors(
    split: Annotated[str, typer.Option("--split", help="test (held out), dev or train.")] = "test",
    dataset: Annotated[str, typer.Option(
        "--set", help="inhouse (corpora/sectors/passages.jsonl) or real (corpora/sectors/real/, other writers).")
    ] = "inhouse",
    stage: Annotated[bool, typer.Option(
        "--stage", help="Score what `classify` assigns (sentence roll-up), not the passage probability.")] = False,
    model_dir: Annotated[Path | None, typer.Option("--model", help="Model folder.")] = None,
    data: Annotated[Path | None, typer.Option("--data", help="Labelled passages (JSONL).")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Sector taxonomy (TOML).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
    min_macro_f1: Annotated[
        float, typer.Option("--min-macro-f1", help="Exit 1 if the required-label macro-F1 is lower.")
    ] = 0.0,
) -> None:
    """Per-label precision, recall, F1 and macro averages on one split (default: held-out test)."""
    from pipeline.training import sectors as sector_model

    if split not in {"train", "dev", "test"}:
        err(f"error: unknown split {split!r} (train, dev or test)")
        raise typer.Exit(2)
    if dataset not in {"inhouse", "real"}:
        err(f"error: unknown passage set {dataset!r} (inhouse or real)")
        raise typer.Exit(2)
    try:
        metrics = sector_model.evaluate(split, model_dir, data, config, dataset=dataset, stage=stage)
    except (OSError, ValueError, KeyError, TripreportError) as exc:
        err(f"error: {exc}")
        raise typer.Exit(2) from exc
    if as_json:
        sys.stdout.write(json.dumps(metrics, ensure_ascii=False, indent=1) + "\n")
    else:
        typer.echo(f"{dataset} split {split}{' (stage level)' if stage else ''}: {metrics['passages']} passages")
        typer.echo(sector_model.format_metrics(metrics))
    if metrics["macro_f1_required"] < min_macro_f1:
        err(f"error: macro-F1 {metrics['macro_f1_required']:.3f} < {min_macro_f1:.3f}")
        raise typer.Exit(1)


def _report_sectors(data: bytes, file: str, assigned_only: bool) -> list[SectorScore]:
    """Sectors of a PDF report, as ingest stores them (section roll-up with evidence)."""
    from pipeline.process import process_bytes

    doc = process_bytes(data, Path(file).name, file)
    if doc.failed:
        last = doc.errors[-1]
        err(f"error: {file}: {last.message.removeprefix(Path(file).name + ': ')} ({last.code})")
        raise typer.Exit(1)
    return [s for s in doc.sectors if s.assigned or not assigned_only]


def classify(
    file: Annotated[str, typer.Argument(
        help="Text file or PDF report to classify, or - for standard input.")] = "-",
    assigned_only: Annotated[bool, typer.Option("--assigned", help="Print assigned sectors only.")] = False,
) -> None:
    """Score plain text (a passage or a whole report) or a PDF report and print its sectors as JSON."""
    from pipeline.sectors import stage as sectors

    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        err(f"error: cannot read {file}: {exc.strerror or exc}")
        raise typer.Exit(1) from exc
    if data.lstrip()[:5] == b"%PDF-":  # a whole report: run the pipeline, as ingest does
        result = _report_sectors(data, file, assigned_only)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            err(f"error: cannot read {file}: not UTF-8 text nor a PDF")
            raise typer.Exit(1) from exc
        try:
            result = sectors.classify_text(text, only_assigned=assigned_only)
        except (OSError, ValueError) as exc:
            err(f"error: sector model unusable: {exc}")
            raise typer.Exit(2) from exc
    sys.stdout.write(json.dumps([s.to_dict() for s in result], ensure_ascii=False, indent=1) + "\n")


def register(app: typer.Typer, *, train_app: typer.Typer, evaluate_app: typer.Typer) -> None:
    """Add this module's commands to the ``tripreport`` apps."""
    train_app.command("sectors")(train_sectors)
    evaluate_app.command("sectors")(evaluate_sectors)
    app.command("classify")(classify)
