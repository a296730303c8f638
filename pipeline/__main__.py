"""``python -m pipeline`` runs the ``tripreport`` command line (handy from a source checkout)."""

from pipeline.cli import app

app()
