"""The ``tripreport`` command line: thin wrappers over the Python API.

Each command group lives in its own module and registers itself on the
shared Typer apps below; domain exceptions become exit codes only here.
"""

from __future__ import annotations

import typer

from pipeline.cli import corpus_cmds, eval_cmds, ner_cmds, query_cmds, sector_cmds, train_cmds

app = typer.Typer(
    name="tripreport",
    help="Extract, analyse and index 出國報告 trip-report PDFs.",
    no_args_is_help=True,
    add_completion=False,
)
train_app = typer.Typer(help="Rebuild trained models in models/.", no_args_is_help=True)
evaluate_app = typer.Typer(help="Score the pipeline against annotated data.", no_args_is_help=True)
app.add_typer(train_app, name="train")
app.add_typer(evaluate_app, name="evaluate")

for _module in (corpus_cmds, query_cmds, sector_cmds, ner_cmds, eval_cmds, train_cmds):
    _module.register(app, train_app=train_app, evaluate_app=evaluate_app)
