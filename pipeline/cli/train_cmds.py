"""Training commands: ``tripreport train ner-zh|zh-data|ner-ja|ja-silver|adapt|gazetteers`` and
``tripreport evaluate ner-zh-model|ja-models``.

Thin wrappers over :mod:`pipeline.training` (imported on use: training pulls in spaCy's
trainer); each prints what it wrote or measured as JSON. Exit code 2 when training data
or a model is missing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.cli.common import err

ZH_PUBLIC = ["msra.test", "cluener.dev", "weibo.test", "resume.test"]


def _print(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


def _overrides(pairs: list[str]) -> dict[str, Any]:
    """``key=value`` pairs (JSON values) as spaCy config overrides."""
    try:
        return {k: json.loads(v) for k, v in (p.split("=", 1) for p in pairs)}
    except ValueError as exc:
        err(f"error: overrides must be key=JSON-value ({exc})")
        raise typer.Exit(2) from exc


def train_ner_zh(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Model directory (default models/ner-zh).")] = None,
    n_train: Annotated[int | None, typer.Option(help="Use only this many training examples.")] = None,
    augment: Annotated[int, typer.Option(help="Mention-replaced copies of the training set.")] = 1,
    phase1: Annotated[Path | None, typer.Option(help="Skip phase 1: continue from this phase-1 model.")] = None,
    phase1_only: Annotated[bool, typer.Option(help="Stop after phase 1.")] = False,
    override: Annotated[list[str] | None, typer.Option("--set", help="Phase-1 override key=JSON.")] = None,
    override2: Annotated[list[str] | None, typer.Option("--set2", help="Phase-2 override key=JSON.")] = None,
) -> None:
    """Train the Chinese NER model (two phases, about an hour on one thread) into models/ner-zh."""
    from pipeline.training import ner_zh

    path = ner_zh.train_zh_ner(
        output or ner_zh.MODEL_DIR, n_train=n_train, augment=augment, phase1_model=phase1,
        continue_config_path=None if phase1_only else ner_zh.CONTINUE_CONFIG_PATH,
        overrides=_overrides(override or []), continue_overrides=_overrides(override2 or []))
    typer.echo(f"model written to {path}")


def prepare_zh_data() -> None:
    """Write corpora/ner/zh/{train,dev}.jsonl.gz from the shared Chinese corpora."""
    from pipeline.training import zh_data

    _print(zh_data.prepare_zh_corpus())


def train_ner_ja(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Model directory (default models/ner-ja).")] = None,
    data: Annotated[str, typer.Option(help="gold, silver or silver+gold.")] = "silver+gold",
    extra: Annotated[list[str] | None, typer.Option(help="Extra gold training splits (wac.train).")] = None,
    max_steps: Annotated[int | None, typer.Option(help="Stop after this many steps.")] = None,
    work_dir: Annotated[Path | None, typer.Option(help="Keep the spaCy run (checkpoints) here.")] = None,
) -> None:
    """Train the small Japanese NER model (GiNZA distilled) into models/ner-ja."""
    from pipeline.training import ner_ja

    if data not in ("gold", "silver", "silver+gold"):
        err(f"error: --data must be gold, silver or silver+gold, not {data!r}")
        raise typer.Exit(2)
    overrides = {"training.max_steps": max_steps} if max_steps else {}
    _print(ner_ja.train_ja_ner(output or ner_ja.MODEL_DIR, data=data, extra=tuple(extra or []),
                               overrides=overrides, work_dir=work_dir))


def adapt_model(
    lang: Annotated[str, typer.Argument(help="zh or ja.")],
    base: Annotated[Path, typer.Option(help="The model to continue: the two-phase zh model or the distilled ja model.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Model directory to write.")],
    hold_out_from: Annotated[int | None, typer.Option(
        help="Leave out dev passages numbered from this on (to measure on them).")] = None,
) -> None:
    """Continue a NER model on real passages (eval dev split, corpora/ner/real-train) plus a rehearsal sample."""
    from pipeline.training import adapt

    if lang not in ("zh", "ja"):
        err(f"error: language must be zh or ja, not {lang!r}")
        raise typer.Exit(2)
    if not (base / "meta.json").exists():
        err(f"error: {base}: not a spaCy model directory")
        raise typer.Exit(2)

    def keep(passage_id: str) -> bool:
        return hold_out_from is None or adapt.passage_id_number(passage_id) < hold_out_from

    run = adapt.adapt_zh if lang == "zh" else adapt.adapt_ja
    _print(run(output, base=base, keep=keep))


def label_ja_silver(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Silver file to write.")] = None,
) -> None:
    """Label the Japanese training texts with GiNZA (corpora/ner/ja/silver.jsonl.gz)."""
    from pipeline.training import ja_distil

    _print(ja_distil.label_corpora(output or ja_distil.SILVER_PATH))


def build_gazetteers(
    shared: Annotated[Path | None, typer.Option(help="The shared/ folder (default beside the checkout).")] = None,
) -> None:
    """Rebuild the derived gazetteers in corpora/gazetteers from their public sources."""
    from pipeline import resources
    from pipeline.training import gazetteers

    _print(gazetteers.build(shared or resources.shared_dir()))


def evaluate_ner_zh_model(
    corpora: Annotated[list[str] | None, typer.Argument(help="Public splits (default: all four).")] = None,
    model: Annotated[Path | None, typer.Option(help="Model directory (default models/ner-zh).")] = None,
    script: Annotated[str, typer.Option(help="simplified or traditional (OpenCC s2tw first).")] = "simplified",
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N sentences.")] = None,
) -> None:
    """Score the Chinese model alone (no rules) on public test splits, one JSON line each."""
    from pipeline.training import ner_zh

    for corpus in corpora or ZH_PUBLIC:
        res = ner_zh.evaluate_zh_public(corpus, model or ner_zh.MODEL_DIR, script=script, limit=limit)
        sys.stdout.write(json.dumps(res, ensure_ascii=False) + "\n")


def evaluate_ja_models(
    systems: Annotated[list[str] | None, typer.Argument(help="ja_ginza and/or model directories.")] = None,
    no_real: Annotated[bool, typer.Option("--no-real", help="Skip the real report (PDF run).")] = False,
) -> None:
    """Compare Japanese models (GiNZA, the distilled model): F1 per set and chars per CPU-second."""
    from threadpoolctl import threadpool_limits

    from pipeline.training import ner_ja

    threadpool_limits(1)
    _print(ner_ja.evaluate_systems(tuple(systems or ["ja_ginza", "models/ner-ja"]), not no_real))


def register(app: typer.Typer, *, train_app: typer.Typer, evaluate_app: typer.Typer) -> None:
    """Add this module's commands to the ``tripreport`` apps."""
    train_app.command("ner-zh")(train_ner_zh)
    train_app.command("zh-data")(prepare_zh_data)
    train_app.command("ner-ja")(train_ner_ja)
    train_app.command("ja-silver")(label_ja_silver)
    train_app.command("adapt")(adapt_model)
    train_app.command("gazetteers")(build_gazetteers)
    evaluate_app.command("ner-zh-model")(evaluate_ner_zh_model)
    evaluate_app.command("ja-models")(evaluate_ja_models)
