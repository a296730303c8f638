"""The blind real-text evaluation set (``corpora/eval/real/``): loading, systems, scores.

``evaluate_set("test")`` scores the NER stage and its baselines on one split, per
language and label, at mention level (exact spans) and document level (each
passage's distinct (label, surface) pairs). Systems:

* ``tripreport`` -- this package's NER stage (``extract_entities``, language per line);
* ``ginza`` -- GiNZA alone (``ja_ginza`` tok2vec + ner, ENE labels mapped by
  ``configs/labels/ja.toml``), run on every passage whatever its language;
* ``previous`` -- the previous release of the project: its predictions, made once by
  ``scripts/baseline_predictions.py`` from that release's commit and committed under
  ``corpora/eval/real/baselines/`` (the file names the commit).

The ``test`` split is blind: it is scored, never read for errors; only totals are
reported for it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pipeline import resources
from pipeline.errors import EvaluationError
from pipeline.evaluation.ner import entity_spans, parse_marked, score_passages
from pipeline.ner import models
from pipeline.ner import stage as ner_stage
from pipeline.ner.config import load_config, load_label_map
from pipeline.text.chars import chunks, sanitize

SPLITS = ("dev", "test")
SYSTEMS = ("tripreport", "ginza", "previous")
Spans = list[tuple[int, int, str]]
_MARK = re.compile(r"\{([^{}|]+)\|([A-Z]+)\}")


def real_dir() -> Path:
    """``corpora/eval/real`` of the source checkout."""
    return resources.checkout() / "corpora" / "eval" / "real"


def marked_passages(folder: Path) -> list[dict[str, Any]]:
    """Every passage of the ``*.marked.jsonl`` files in ``folder`` (file order): id, lang, text,
    gold entities (marks removed), source url."""
    rows = []
    for path in sorted(folder.glob("*.marked.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            text, entities = parse_marked(rec["marked"])
            rows.append({"id": rec["id"], "lang": rec["lang"], "text": text,
                         "entities": [tuple(e) for e in entities], "url": rec.get("url")})
    return rows


def load_real_set(split: str) -> list[dict[str, Any]]:
    """The passages of ``split`` (``dev`` or ``test``): id, lang, text, gold entities, source."""
    if split not in SPLITS:
        raise EvaluationError(f"unknown split {split!r}: dev or test")
    folder = real_dir()
    splits = json.loads((folder / "split.json").read_text(encoding="utf-8"))
    rows = [p for p in marked_passages(folder) if splits.get(p["id"]) == split]
    if not rows:
        raise EvaluationError(f"{folder}: no passages in split {split!r}")
    return rows


def predict_tripreport(rows: Sequence[dict[str, Any]]) -> dict[str, Spans]:
    """The NER stage on each passage, as it runs on a document (language detected per line)."""
    out = {}
    for row in rows:
        entities = ner_stage.extract_entities(row["text"])
        out[row["id"]] = [(s, e, ent.label) for ent in entities for s, e in entity_spans(ent, row["text"])]
    return out


def predict_ginza(rows: Sequence[dict[str, Any]]) -> dict[str, Spans]:
    """GiNZA alone: its entities mapped to the project labels, no rules, no gazetteers."""
    nlp = models.ginza()
    cfg = load_config()["model"]
    labels = load_label_map(cfg["ja_labels"])
    out: dict[str, Spans] = {}
    for row in rows:
        spans: Spans = []
        for offset, piece in chunks(sanitize(row["text"]), int(cfg["max_chunk_chars"])):
            for ent in nlp(piece).ents:
                label = labels.get(ent.label_, "")
                if label and label != "TITLE":
                    spans.append((offset + ent.start_char, offset + ent.end_char, label))
        out[row["id"]] = spans
    return out


def predict_previous(rows: Sequence[dict[str, Any]]) -> dict[str, Spans]:
    """The previous release's predictions, read from ``baselines/previous-release.jsonl``."""
    path = real_dir() / "baselines" / "previous-release.jsonl"
    if not path.is_file():
        raise EvaluationError(f"{path}: missing (run scripts/baseline_predictions.py)")
    saved = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        saved[rec["id"]] = [tuple(s) for s in rec["spans"]]
    missing = [r["id"] for r in rows if r["id"] not in saved]
    if missing:
        raise EvaluationError(f"{path}: no predictions for {', '.join(missing[:5])}")
    return {r["id"]: saved[r["id"]] for r in rows}


PREDICTORS: dict[str, Callable[[Sequence[dict[str, Any]]], dict[str, Spans]]] = {
    "tripreport": predict_tripreport, "ginza": predict_ginza, "previous": predict_previous,
}


def score(rows: Sequence[dict[str, Any]], predicted: dict[str, Spans]) -> dict[str, Any]:
    """Mention- and document-level scores, overall and per language (``score_passages``),
    without the per-entity lists."""
    result = score_passages(rows, predicted)
    for block in (result["overall"], *result["by_lang"].values()):
        block["document_level"] = {k: v for k, v in block["document_level"].items()
                                   if k in ("labels", "groups", "micro")}
    return result


def evaluate_set(split: str, systems: Sequence[str] = SYSTEMS) -> dict[str, Any]:
    """Scores of each system on ``split`` of the real set (see the module docstring)."""
    unknown = [s for s in systems if s not in PREDICTORS]
    if unknown:
        raise EvaluationError(f"unknown system {unknown[0]!r}: {', '.join(PREDICTORS)}")
    rows = load_real_set(split)
    return {"set": f"real/{split}", "passages": len(rows),
            "gold_mentions": sum(len(r["entities"]) for r in rows),
            "systems": {name: score(rows, PREDICTORS[name](rows)) for name in systems}}
