"""Distillation of GiNZA into the small Japanese NER model: silver labels, mixing, training.

``label`` runs the NER stage's GiNZA component (``pipeline.ner.models.model_spans``:
ja_ginza tok2vec + ner, pruned, mapped by ``configs/labels/ja.toml``, plausibility
filter) over the *training* texts of the shared Japanese corpora (gsd.train,
stockmark, wac.train; never test splits or ``corpora/eval``) and writes
``corpora/ner/ja/silver.jsonl.gz``. ``train`` builds models/ner-ja from that silver
file (+ gold, see :func:`training_rows`) without running GiNZA again.

    OMP_NUM_THREADS=1 tripreport train ja-silver   # ~7 min, 1 thread
    OMP_NUM_THREADS=1 tripreport train ner-ja      # uses the silver file
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.ner.config import load_config
from pipeline.ner.models import model_spans
from pipeline.training.ja_data import REPO, SHARED_NER, Example, load_public, read_jsonl, split_stockmark

SILVER_PATH = REPO / "corpora" / "ner" / "ja" / "silver.jsonl.gz"
SILVER_SOURCES = ("gsd.train", "stockmark", "wac.train")


def ginza_silver(texts: list[str]) -> list[list[list[Any]]]:
    """GiNZA's entities per text as the NER stage sees them: ``[[start, end, label], ...]``.

    Labels are the project's, plus ``TITLE`` for a GiNZA Position_Vocation span adjacent
    to a PERSON (the ones the stage keeps, as that person's ``title``), so the student
    learns titles too.
    """

    with using_ja_model(load_config()["model"]["ja"]):  # GiNZA, whatever ja_model ships
        predicted = model_spans(texts, "ja")
    out = []
    for text, spans in zip(texts, predicted, strict=True):
        ents = {(s.start, s.end, s.label) for s in spans}
        for sp in spans:
            title = sp.attrs.get("title")
            if sp.label == "PERSON" and title:
                ents |= _title_span(text, sp.start, sp.end, title)
        out.append([list(e) for e in sorted(ents)])
    return out


def _title_span(text: str, start: int, end: int, title: str) -> set[tuple[int, int, str]]:
    """Where ``title`` sits next to the person ``text[start:end]`` (as models.model_spans attaches it)."""
    n = len(title)
    for s in (start - n, start - n - 1, end, end + 1):
        if s >= 0 and text[s:s + n] == title and (s + n <= start or s >= end):
            return {(s, s + n, "TITLE")}
    return set()


def label_corpora(out: Path = SILVER_PATH, sources: tuple[str, ...] = SILVER_SOURCES,
                  shared: Path = SHARED_NER, batch: int = 500) -> dict[str, int]:
    """Write silver examples ``{"text", "entities", "src"}`` for every text of ``sources``.

    Deterministic (GiNZA inference); returns sentences/entities per source.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    stats: dict[str, int] = {}
    out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        for src in sources:
            texts = [r["text"] for r in read_jsonl(shared / f"{src}.jsonl")]
            n_ents = 0
            for i in range(0, len(texts), batch):
                part = texts[i:i + batch]
                for text, ents in zip(part, ginza_silver(part), strict=True):
                    fh.write(json.dumps({"text": text, "entities": ents, "src": src}, ensure_ascii=False) + "\n")
                    n_ents += len(ents)
                print(f"{src} {i + len(part)}/{len(texts)} {time.time() - t0:.0f}s", file=sys.stderr, flush=True)
            stats[src] = len(texts)
            stats[f"{src}.entities"] = n_ents
    return stats


def read_silver(path: Path = SILVER_PATH, sources: tuple[str, ...] | None = None) -> Iterator[Example]:
    """Silver examples (optionally only those of ``sources``)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if sources is None or row["src"] in sources:
                yield row


SILVER_DEV_SIZE = 600  # silver sentences held out (seeded) to pick model-best: agreement with GiNZA
DATA_CHOICES = ("gold", "silver", "silver+gold")


def split_silver(rows: list[Example], seed: int = 0, n_dev: int = SILVER_DEV_SIZE) -> tuple[list[Example], list[Example]]:
    """Seeded train/dev split of the silver examples (deterministic)."""
    import random

    idx = list(range(len(rows)))
    random.Random(seed).shuffle(idx)
    dev = set(idx[:n_dev])
    return [r for i, r in enumerate(rows) if i not in dev], [r for i, r in enumerate(rows) if i in dev]


def training_rows(data: str, silver_path: Path = SILVER_PATH) -> tuple[list[Example], list[Example]]:
    """(train, dev) examples for ``data``: ``gold`` (gsd.train + 90% stockmark, dev gsd.dev),
    ``silver`` (GiNZA on gsd.train + stockmark + wac.train, dev = held-out silver) or
    ``silver+gold`` (both; the gold copies of silver-dev sentences are left out).
    """

    if data not in DATA_CHOICES:
        raise ValueError(f"data must be one of {DATA_CHOICES}, not {data!r}")
    gold = load_public("gsd.train") + split_stockmark(load_public("stockmark"))[0]
    if data == "gold":
        return gold, load_public("gsd.dev")
    if not silver_path.exists():
        raise FileNotFoundError(f"{silver_path} missing: run `tripreport train ja-silver` first")
    silver = [{"text": r["text"], "entities": r["entities"]} for r in read_silver(silver_path)]
    train, dev = split_silver(silver)
    if data == "silver+gold":
        dev_texts = {r["text"] for r in dev}
        train = train + [r for r in gold if r["text"] not in dev_texts]
    return train, dev


# ------------------------------------------------------------------------ evaluation
REAL_GOLD = REPO / "corpora" / "eval" / "real-2019-chiba-fukushima.gold.json"


@contextmanager
def using_ja_model(name: str) -> Iterator[None]:
    """Evaluation only: the NER stage uses ``name`` (``ja_ginza`` or a model directory) as
    its Japanese model inside the block (the cached ``[model] ja_model`` value is swapped)."""
    cfg = load_config()["model"]
    before = cfg.get("ja_model")
    cfg["ja_model"] = name
    try:
        yield
    finally:
        if before is None:
            cfg.pop("ja_model", None)
        else:
            cfg["ja_model"] = before
