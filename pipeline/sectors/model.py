"""Sector classifier at run time: features, configuration, inference and storage.

The model is a set of per-label linear classifiers over character n-gram
TF-IDF features of *folded* text: NFKC, lower-case, Japanese shinjitai and
Simplified Chinese mapped to Traditional forms (the package's one fold), so one vocabulary serves
zh-Hant, zh-Hans and ja without any language-specific tokeniser.

Training (:func:`pipeline.training.sectors.train`) fits, per label, a class-balanced
``LogisticRegression`` with Platt (sigmoid) calibration on out-of-fold scores
(cross-validation on the train split only; a label with few positives is
shrunk toward a sigmoid pooled over all labels), then tunes a probability
threshold per label on the dev split.  The test split (a seeded hash of each
passage id) is never seen by training or tuning.

Storage is plain data, never pickle: ``vocab.json`` (n-grams in column
order), ``idf.npy``, ``coef.npy`` (labels x features) and ``model.json``
(intercepts, sigmoid calibration, thresholds, metrics).  :class:`SectorModel`
re-implements the inference arithmetic with NumPy only, and training checks
that it reproduces scikit-learn's probabilities.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pipeline import resources
from pipeline.text.fold import fold_chars

FORMAT_VERSION = 1

_WS = re.compile(r"\s+")


def fold_text(text: str) -> str:
    """Normalise text so zh-Hant, zh-Hans and ja share one character vocabulary.

    NFKC (full-width Latin/digits), then the package's one cross-script fold
    (:func:`pipeline.text.fold.fold_chars` to Traditional: shinjitai and Simplified
    forms mapped, lower case), whitespace collapsed to one space.
    """
    return _WS.sub(" ", fold_chars(unicodedata.normalize("NFKC", text), "traditional")).strip()


_LATIN_WORD = re.compile(r"[a-z][a-z0-9]*(?:[\-&][a-z0-9]+)*")
_SHORT_LATIN = re.compile(r"[a-z]{1,2}")


def char_ngrams(folded: str, nmin: int, nmax: int) -> list[str]:
    """Features of already-folded text: character n-grams plus whole Latin words.

    Character n-grams (text padded with a space at both ends) serve Chinese and
    Japanese without a tokeniser; each Latin word is also one feature of its own
    (``<mems>`` is not ``<messe>``, which share most of their letters).
    """
    padded = f" {folded} "
    out: list[str] = []
    for n in range(nmin, nmax + 1):
        out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    # a lone space carries no signal; one or two Latin letters (m, e, me) are word
    # fragments that make unrelated words look alike (MEMS, Messe)
    out = [g for g in out if (s := g.strip()) and not (len(s) <= 2 and s.isascii() and _SHORT_LATIN.fullmatch(s))]
    out.extend(f"<{w}>" for w in _LATIN_WORD.findall(folded))
    return out


# --------------------------------------------------------------------- config


@dataclass
class Sector:
    """One label of the taxonomy (``[[sector]]`` in configs/sectors.toml)."""

    label: str
    name: str
    names: dict[str, str] = field(default_factory=dict)
    required: bool = False
    description: str = ""


@dataclass
class SectorConfig:
    """The parsed taxonomy and training / roll-up settings."""

    sectors: list[Sector]
    model: dict[str, Any]
    rollup: dict[str, Any]

    @property
    def labels(self) -> list[str]:
        return [s.label for s in self.sectors]

    @property
    def required_labels(self) -> list[str]:
        return [s.label for s in self.sectors if s.required]


def load_config(path: str | Path | None = None) -> SectorConfig:
    """Read configs/sectors.toml (or ``path``) into a :class:`SectorConfig`."""
    path = path or resources.config("sectors.toml")
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    sectors = [Sector(**s) for s in raw.get("sector", [])]
    labels = [s.label for s in sectors]
    if len(set(labels)) != len(labels) or not labels:
        raise ValueError(f"{path}: sector labels must be unique and non-empty")
    return SectorConfig(sectors=sectors, model=dict(raw["model"]), rollup=dict(raw.get("rollup", {})))


# ---------------------------------------------------------------------- model


class SectorModel:
    """The stored classifier; inference with NumPy only (no scikit-learn import)."""

    def __init__(self, meta: dict[str, Any], vocab: list[str], idf: np.ndarray, coef: np.ndarray) -> None:
        self.meta = meta
        self.labels: list[str] = list(meta["labels"])
        self.nmin, self.nmax = meta["ngram_range"]
        self.vocab = {g: i for i, g in enumerate(vocab)}
        self.idf = idf.astype(np.float64)
        self.coef = coef.astype(np.float64)
        self.intercept = np.asarray(meta["intercept"], dtype=np.float64)
        self.cal_a = np.asarray(meta["calibration_a"], dtype=np.float64)
        self.cal_b = np.asarray(meta["calibration_b"], dtype=np.float64)
        self.thresholds = np.asarray([meta["thresholds"][lab] for lab in self.labels], dtype=np.float64)

    @classmethod
    def load(cls, model_dir: str | Path | None = None) -> SectorModel:
        """Read a model directory written by :func:`save_model` (JSON + .npy, no pickle)."""
        d = Path(model_dir or resources.model("sectors"))
        meta = json.loads((d / "model.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"{d}: unsupported sector model format {meta.get('format')!r}")
        vocab = json.loads((d / "vocab.json").read_text(encoding="utf-8"))
        idf = np.load(d / "idf.npy", allow_pickle=False)
        coef = np.load(d / "coef.npy", allow_pickle=False)
        return cls(meta, vocab, idf, coef)

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sparse TF-IDF row of ``text``: (column indices, l2-normalised values)."""
        counts = Counter(char_ngrams(fold_text(text), self.nmin, self.nmax))
        hits = [(self.vocab[g], c) for g, c in counts.items() if g in self.vocab]
        if not hits:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        cols = np.fromiter((i for i, _ in hits), dtype=np.int64, count=len(hits))
        tf = np.fromiter((c for _, c in hits), dtype=np.float64, count=len(hits))
        vals = (1.0 + np.log(tf)) * self.idf[cols]  # sublinear tf, as trained
        return cols, vals / np.linalg.norm(vals)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Calibrated probabilities, shape (len(texts), len(labels))."""
        out = np.zeros((len(texts), len(self.labels)))
        for i, text in enumerate(texts):
            cols, vals = self.features(text)
            f = self.coef[:, cols] @ vals + self.intercept
            out[i] = 1.0 / (1.0 + np.exp(self.cal_a * f + self.cal_b))
        return out


def save_model(model_dir: Path, meta: dict[str, Any], vocab: list[str], idf: np.ndarray, coef: np.ndarray) -> None:
    """Write a model as JSON + .npy (float32, deterministic bytes)."""
    model_dir.mkdir(parents=True, exist_ok=True)
    (model_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False) + "\n", encoding="utf-8")
    np.save(model_dir / "idf.npy", idf.astype(np.float32), allow_pickle=False)
    np.save(model_dir / "coef.npy", coef.astype(np.float32), allow_pickle=False)
    (model_dir / "model.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
