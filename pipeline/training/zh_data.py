"""The Chinese NER corpora for training: reading, label mapping, script variants, augmentation.

``prepare_zh_corpus`` writes the mapped, normalised train/dev sets (``corpora/ner/zh``:
MSRA, CLUENER, Resume and Weibo train splits) that :mod:`pipeline.training.ner_zh` trains on.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline import resources
from pipeline.text.chars import nfkc_per_char as normalise
from pipeline.training.labels import MISSING, map_entities

REPO = resources.source_root()
SHARED_NER = resources.shared_dir() / "ner" / "zh"
LABELS_PATH = REPO / "configs" / "labels" / "zh.toml"
PREPARED_DIR = REPO / "corpora" / "ner" / "zh"
LABELS = ("ORG", "PERSON", "GPE", "LOC", "FAC")
PLACES = ("GPE", "LOC", "FAC")
DEV_EVERY = 50  # every 50th sentence of each train split is held out as the dev set
# Train splits mixed into the training data. CLUENER: news (Sina) with bare company,
# media and association names; Resume: executives' CVs (company names); Weibo: social
# media (CC BY-SA 3.0: the model becomes a share-alike adaptation, see MODEL_CARD.md).
TRAIN_SPLITS = ("msra.train", "cluener.train", "resume.train", "weibo.train")

Example = dict[str, Any]  # {"text": str, "entities": [[start, end, label], ...]}


# --------------------------------------------------------------------------- text


@lru_cache(maxsize=4)
def _opencc(conversion: str) -> Any:
    from opencc import OpenCC  # lazy: only needed for conversion

    return OpenCC(conversion)


def convert_script(text: str, conversion: str = "s2tw") -> str | None:
    """OpenCC conversion (``s2tw``, ``t2s``...); None if it changes the length (offsets would break)."""
    out = _opencc(conversion).convert(text)
    return out if len(out) == len(text) else None


def to_traditional(text: str, variant: int = 0) -> str | None:
    """Simplified -> Taiwan Traditional. Odd variants also write 台 as 臺 (Taiwanese official usage)."""
    out = convert_script(text, "s2tw")
    if out is not None and variant % 2 == 1:
        out = out.replace("台", "臺")
    return out


# --------------------------------------------------------------------------- labels


def map_example(corpus: str, ex: Example, path: Path = LABELS_PATH) -> Example:
    """Map one source example's labels onto ours; the text is normalised (offsets unchanged)."""
    return {"text": normalise(ex["text"]), "entities": map_entities(corpus, ex, path)}


def read_jsonl(path: Path) -> Iterator[Example]:
    """Read a (optionally gzipped) JSONL file of examples."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def write_jsonl(path: Path, rows: Iterable[Example]) -> int:
    """Write examples as gzipped JSONL deterministically (mtime 0); returns the row count."""
    n = 0
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        for row in rows:
            gz.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))
            n += 1
    return n


def load_public(corpus_split: str, shared: Path = SHARED_NER, mapped: bool = True) -> list[Example]:
    """Load e.g. ``msra.test`` from the shared corpora, mapped onto our labels (or as is)."""
    corpus = corpus_split.split(".")[0]
    rows = list(read_jsonl(shared / f"{corpus_split}.jsonl"))
    if not mapped:
        return [{"text": normalise(r["text"]), "entities": r["entities"]} for r in rows]
    return [map_example(corpus, r) for r in rows]


# --------------------------------------------------------------------------- preparation


def prepare_zh_corpus(
    out_dir: Path = PREPARED_DIR, shared: Path = SHARED_NER, splits: tuple[str, ...] = TRAIN_SPLITS
) -> dict[str, int]:
    """Write mapped, normalised Simplified train/dev sets (``train.jsonl.gz``, ``dev.jsonl.gz``).

    Each train split is split deterministically (every ``DEV_EVERY``-th sentence -> dev),
    in the order of ``splits``. The public dev/test splits (MSRA test, CLUENER dev...) stay
    out: they measure the model.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    train: list[Example] = []
    dev: list[Example] = []
    for split in splits:
        rows = load_public(split, shared)
        train.extend(ex for i, ex in enumerate(rows) if i % DEV_EVERY != 0)
        dev.extend(ex for i, ex in enumerate(rows) if i % DEV_EVERY == 0)
    return {
        "train": write_jsonl(out_dir / "train.jsonl.gz", train),
        "dev": write_jsonl(out_dir / "dev.jsonl.gz", dev),
    }


def script_variants(rows: list[Example], script: str) -> list[Example]:
    """``simplified`` rows as is, ``traditional`` converted, ``both`` = originals + converted copies."""
    out: list[Example] = []
    if script in ("simplified", "both"):
        out.extend(rows)
    if script in ("traditional", "both"):
        for i, ex in enumerate(rows):
            text = to_traditional(ex["text"], variant=i)
            if text is not None:  # length changed: skip, offsets would not fit
                out.append({"text": text, "entities": ex["entities"]})
    return out


def replace_mentions(
    rows: list[Example], copies: int = 1, rate: float = 0.5, seed: int = 0,
    extra_pools: dict[str, list[str]] | None = None,
) -> list[Example]:
    """Mention replacement (Dai & Adel 2020): ``copies`` extra copies of each sentence in
    which each entity is, with probability ``rate``, swapped for a random training
    mention of the same label, or a name of ``extra_pools`` (label -> names; e.g.
    :func:`pipeline.training.zh_names.extra_pools`). The model sees known contexts with
    new names, which helps on names it never saw (deterministic for a seed). Spans of
    unknown annotation (``MISSING``) are kept as they are."""

    pools: dict[str, list[str]] = {}
    for ex in rows:
        for start, end, label in ex["entities"]:
            if label != MISSING:
                pools.setdefault(label, []).append(ex["text"][start:end])
    for label, names in (extra_pools or {}).items():
        pools.setdefault(label, []).extend(names)
    rng = random.Random(seed)
    out: list[Example] = []
    for _ in range(copies):
        for ex in rows:
            if not ex["entities"]:
                continue
            text, pos, ents = ex["text"], 0, []
            parts: list[str] = []
            for start, end, label in ex["entities"]:
                swap = label != MISSING and rng.random() < rate
                name = rng.choice(pools[label]) if swap else text[start:end]
                parts.append(text[pos:start])
                new_start = sum(map(len, parts))
                parts.append(name)
                ents.append([new_start, new_start + len(name), label])
                pos = end
            parts.append(text[pos:])
            out.append({"text": "".join(parts), "entities": ents})
    return out
