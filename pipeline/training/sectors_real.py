"""The real-passage sector set (``corpora/sectors/real/``): loading, split check, joining.

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

import numpy as np

from pipeline import resources
from pipeline.sectors.model import SectorConfig, load_config

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
