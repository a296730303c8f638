"""Configuration of the NER stage (``configs/ner.toml``), read once per process."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CONFIG_PATH = REPO / "configs" / "ner.toml"
GAZETTEER_DIR = REPO / "corpora" / "gazetteers"

LABELS = ("ORG", "PERSON", "GPE", "LOC", "FAC", "INDUSTRY")


@lru_cache(maxsize=4)
def load_config(path: Path = CONFIG_PATH) -> dict[str, Any]:
    """The parsed ``configs/ner.toml``."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def load_label_map(path: str) -> dict[str, str]:
    """A model's label map (``configs/labels/*.toml``): model label -> project label ('' = drop)."""
    p = REPO / path
    if not p.exists():
        return {}
    data = tomllib.loads(p.read_text(encoding="utf-8"))
    return dict(data.get("labels", {}))


def read_list(name: str) -> list[str]:
    """A word list from ``corpora/gazetteers`` (whitespace-separated, ``#`` comments)."""
    words: list[str] = []
    for line in (GAZETTEER_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        words.extend(line.split())
    return words
