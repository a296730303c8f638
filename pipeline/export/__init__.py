"""Exports of a corpus for other tools: tables (JSON lines, CSV, Parquet), NLP formats, the entity graph.

Read-only over the corpus JSON files, deterministic output.
"""
