"""The real-passage sector set (``corpora/sectors/real/``): loading, split check, stage scoring.

Real passages by other writers (news, releases, reports; positives per sector and
hard negatives that name a sector in passing) are labelled under
``corpora/sectors/real/guidelines.md``. Their split is fixed by a hash of the page
URL (all passages of one page share a split): ``train`` joins the training data,
``dev`` joins threshold tuning, ``test`` is blind and only scored in aggregate.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from pipeline import resources
from pipeline.evaluation.metrics import prf
from pipeline.sectors.model import SectorConfig, SectorModel, load_config

TEST_SHARE, DEV_SHARE = 0.35, 0.25
SPLIT_SALT = "tripreport-sectors-real-v1"


def default_real_passages() -> Path:
    """The labelled real passages of the source checkout."""
    return resources.checkout() / "corpora" / "sectors" / "real" / "passages.jsonl"


def real_split_of(url: str) -> str:
    """Split of a page: SHA-256 of the salted URL read as a number in [0, 1) (never text or labels)."""
    h = int(hashlib.sha256(f"{SPLIT_SALT}:{url}".encode()).hexdigest()[:8], 16) / 2**32
    if h < TEST_SHARE:
        return "test"
    return "dev" if h < TEST_SHARE + DEV_SHARE else "train"


def load_real_passages(path: str | Path | None = None, config: SectorConfig | None = None) -> list[dict]:
    """Read the real passages; checks ids, labels and that each split is the URL-hash split."""
    path = Path(path or default_real_passages())
    config = config or load_config()
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    known = set(config.labels)
    if len({r["id"] for r in rows}) != len(rows):
        raise ValueError(f"{path}: duplicate passage ids")
    for r in rows:
        unknown = set(r["labels"]) - known
        if unknown:
            raise ValueError(f"real passage {r['id']}: labels not in the taxonomy: {sorted(unknown)}")
        if r["split"] != real_split_of(r["url"]):
            raise ValueError(f"real passage {r['id']}: split {r['split']!r} is not the URL-hash split")
    return rows


def joined_split(rows: list[dict], real: list[dict], split: str, real_weight: float) -> tuple[list[dict], np.ndarray]:
    """One split of both sets, in-house first, with per-passage weights (real ones ``real_weight``)."""
    own = [r for r in rows if r["split"] == split]
    other = [r for r in real if r["split"] == split]
    return own + other, np.array([1.0] * len(own) + [real_weight] * len(other))


def evaluate_stage_rows(model: SectorModel, rows: list[dict], required: list[str]) -> dict[str, Any]:
    """Per-label P/R/F1 of what users see: :func:`classify_text` (sentence and clause roll-up)."""
    from pipeline.sectors import stage

    gold = [set(r["labels"]) for r in rows]
    got = [{s.label for s in stage.classify_text(r["text"], model=model) if s.assigned} for r in rows]
    per: dict[str, dict[str, float]] = {}
    for lab in model.labels:
        tp = sum(lab in g and lab in p for g, p in zip(gold, got))
        fp = sum(lab not in g and lab in p for g, p in zip(gold, got))
        fn = sum(lab in g and lab not in p for g, p in zip(gold, got))
        s = prf(tp, fp, fn)
        per[lab] = {"precision": round(float(s["precision"]), 4), "recall": round(float(s["recall"]), 4),
                    "f1": round(float(s["f1"]), 4), "support": tp + fn}
    req = [lab for lab in required if lab in per]
    return {
        "passages": len(rows),
        "per_label": per,
        "macro_f1_required": round(float(np.mean([per[lab]["f1"] for lab in req])), 4) if req else float("nan"),
        "macro_f1_all": round(float(np.mean([v["f1"] for v in per.values()])), 4),
    }
