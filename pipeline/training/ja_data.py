"""The Japanese NER corpora for training and evaluation: reading, label mapping, splits.

Shared by :mod:`pipeline.training.ner_ja` (the small model) and
:mod:`pipeline.training.ja_distil` (GiNZA silver labels).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline import resources
from pipeline.training.labels import map_entities

REPO = resources.source_root()
SHARED_NER = resources.shared_dir() / "ner" / "ja"
LABELS_PATH = REPO / "configs" / "labels" / "ja_corpora.toml"
PASSAGES = REPO / "corpora" / "eval" / "passages.jsonl"
LABELS = ("ORG", "PERSON", "GPE", "LOC", "FAC")
DEV_SEED, DEV_FRACTION = 0, 0.1  # stockmark has no split: a seeded 10% is held out

Example = dict[str, Any]  # {"text": str, "entities": [[start, end, label], ...]}
Spans = list[tuple[int, int, str]]


def map_example(corpus: str, ex: Example, path: Path = LABELS_PATH) -> Example:
    """Map one source example's labels onto ours (unmapped labels and overlapping spans dropped)."""
    return {"text": ex["text"], "entities": map_entities(corpus, ex, path)}


def read_jsonl(path: Path) -> Iterator[Example]:
    """Examples of a JSONL file."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def load_public(corpus_split: str, shared: Path = SHARED_NER) -> list[Example]:
    """``gsd.test``, ``stockmark``... from the shared corpora, mapped onto our labels."""
    corpus = corpus_split.split(".")[0]
    return [map_example(corpus, r) for r in read_jsonl(shared / f"{corpus_split}.jsonl")]


def split_stockmark(rows: list[Example]) -> tuple[list[Example], list[Example]]:
    """Seeded 90/10 train/dev split of stockmark (deterministic)."""
    idx = list(range(len(rows)))
    random.Random(DEV_SEED).shuffle(idx)
    dev = set(idx[: int(len(rows) * DEV_FRACTION)])
    return [r for i, r in enumerate(rows) if i not in dev], [r for i, r in enumerate(rows) if i in dev]
