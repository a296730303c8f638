"""Configuration of the NER stage (``configs/ner.toml``), read once per process."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline import resources

LABELS = ("ORG", "PERSON", "GPE", "LOC", "FAC", "INDUSTRY")


@lru_cache(maxsize=4)
def load_config(path: Path | None = None) -> dict[str, Any]:
    """The parsed ``configs/ner.toml`` (or another file of that form)."""
    return tomllib.loads((path or resources.config("ner.toml")).read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def load_label_map(path: str) -> dict[str, str]:
    """A model's label map (``configs/labels/*.toml``): model label -> project label ('' = drop)."""
    p = resources.path(path)
    if not p.exists():
        return {}
    data = tomllib.loads(p.read_text(encoding="utf-8"))
    return dict(data.get("labels", {}))


def read_list(name: str) -> list[str]:
    """A word list from ``corpora/gazetteers`` (whitespace-separated, ``#`` comments)."""
    words: list[str] = []
    for line in resources.gazetteer(name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        words.extend(line.split())
    return words
