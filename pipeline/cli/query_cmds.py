"""CLI commands (placeholder until the owning stage lands)."""

from __future__ import annotations

import typer


def register(app: typer.Typer, *, train_app: typer.Typer, evaluate_app: typer.Typer) -> None:
    """Add this module's commands to the ``tripreport`` apps."""
