"""Sector stage: tag each section and the whole document with the sectors it discusses.

Public API:

* :func:`annotate` -- the pipeline stage; fills ``Section.sectors`` and ``Document.sectors``.
* :func:`classify_text` -- the same for plain text (a passage or a whole report).
* :func:`get_model` -- the trained model, loaded lazily once per process.

How scores roll up.  Every section (title + its own body text) is scored as a
whole, and so is each window of about ``chunk_chars`` characters of a long
section and each of its sentences, so a topic in one part of a long section is
not diluted by the rest; a sentence is as strong as its best comma clause
(discounted by ``clause_weight``; enumeration-like clauses are skipped).  The
section score is the maximum of these, sentence scores discounted by
``sentence_weight``.  The *evidence* of an assigned label is what the model
scores as about the sector: sentences whose own score reaches the label's
threshold, best first; when no single sentence does (the whole section or one of
its windows carried the decision), the best window or section text that reached
it.  A sentence that merely names the sector, scoring below the threshold, is
never shown as evidence.  The
document score of a label is its best section score; the label is assigned
when that score reaches the label's threshold (tuned on held-out dev data and
stored with the model).  ``share`` is the fraction of section text in sections
assigned that label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from pipeline import resources
from pipeline.annotations import SectorEvidence, SectorScore
from pipeline.document import Document, Section
from pipeline.sectors.model import SectorConfig, SectorModel, load_config

LOAD_COUNT = {"model": 0}  # how many times a model was read from disk (tests check "once")

DEFAULT_ROLLUP = {
    "max_evidence": 3,
    "section_evidence": 2,
    "min_sentence_chars": 6,
    "chunk_chars": 400,
    "sentence_weight": 0.7,
    "clause_weight": 0.7,
    "min_clause_chars": 10,
}
# Section-level entries below this score are left out of Section.sectors (keeps JSON small).
SECTION_REPORT_MIN = 0.2

_SENT_END = re.compile(r"(?<=[。！？!?；;])|\n+")
_CLAUSE_END = re.compile(r"(?<=[，,：:])")


@lru_cache(maxsize=4)
def _load_model(resolved_dir: str) -> SectorModel:
    LOAD_COUNT["model"] += 1
    return SectorModel.load(resolved_dir)


def get_model(model_dir: str | Path | None = None) -> SectorModel:
    """The trained sector model; read from ``models/sectors`` on first use only."""
    return _load_model(str(Path(model_dir or resources.model("sectors")).resolve()))


@lru_cache(maxsize=1)
def _rollup_config() -> dict[str, Any]:
    loaded: SectorConfig = load_config()
    return {**DEFAULT_ROLLUP, **loaded.rollup}


_LINE_BREAK = re.compile(r"(?<![。！？!?；;：:])\n(?![ \t]*(?:[(（]?[0-9０-９一二三四五六七八九十壹貳參肆伍]{1,3}[)）.．、]|[-•●■◆▪]))")


def split_sentences(text: str, min_chars: int = 6) -> list[str]:
    """Sentences of CJK text: split after 。！？； and at line breaks; tiny fragments dropped.

    A line break inside a sentence (a PDF line wrap: no sentence-final mark before
    it, no list number after it) is joined first, so a wrapped sentence stays whole.
    """
    text = _LINE_BREAK.sub("", text)
    out = []
    for piece in _SENT_END.split(text):
        piece = (piece or "").strip()
        if len(piece) >= min_chars:
            out.append(piece)
    return out


def split_clauses(sentence: str, min_chars: int = 10) -> list[str]:
    """Comma-separated clauses of a long sentence, without enumeration-like clauses.

    Chinese and Japanese administrative prose joins several topics into one
    sentence with commas; a clause can carry a topic the rest of the sentence
    drowns.  Clauses with two or more 、 are lists of items (industries, fields)
    and are skipped: a sector named in a list is not a sector discussed.
    """
    parts = [p.strip() for p in _CLAUSE_END.split(sentence) if p and p.strip()]
    if len(parts) < 2:
        return []
    return [p for p in parts if len(p) >= min_chars and p.count("、") < 2]


def _windows(text: str, size: int) -> list[str]:
    """Consecutive runs of whole sentences of about ``size`` characters (long texts only)."""
    if len(text) <= size * 1.5:
        return []
    sents = [s for s in _SENT_END.split(text) if s and s.strip()]
    out, cur = [], ""
    for s in sents:
        if cur and len(cur) + len(s) > size:
            out.append(cur)
            cur = ""
        cur += s.strip()
    if cur:
        out.append(cur)
    return out if len(out) > 1 else []


@dataclass
class _Unit:
    """One scorable piece of a document: a section (or a chunk of plain text)."""

    key: str | None  # section id, None for plain text
    number: str
    title: str
    text: str  # the text scored for the section score (title + body)


def _score_units(units: list[_Unit], model: SectorModel, cfg: dict[str, Any]) -> list[dict[str, Any]]:
    """Score units, their windows and their sentences in one batch each."""
    texts: list[str] = []
    owners: list[int] = []
    sent_texts: list[str] = []
    sent_owners: list[int] = []
    clause_texts: list[str] = []
    clause_owners: list[int] = []
    for k, u in enumerate(units):
        texts.append(u.text)
        owners.append(k)
        for w in _windows(u.text, int(cfg["chunk_chars"])):
            texts.append(w)
            owners.append(k)
        for s in split_sentences(u.text, int(cfg["min_sentence_chars"])):
            for c in split_clauses(s, int(cfg["min_clause_chars"])):
                clause_texts.append(c)
                clause_owners.append(len(sent_texts))
            sent_texts.append(s)
            sent_owners.append(k)
    empty = np.zeros((0, len(model.labels)))
    probs = model.predict_proba(texts) if texts else empty
    sprobs = model.predict_proba(sent_texts) if sent_texts else empty
    cprobs = model.predict_proba(clause_texts) if clause_texts else empty
    for row, i in zip(cprobs, clause_owners):  # a sentence is as strong as its best clause, discounted
        sprobs[i] = np.maximum(sprobs[i], float(cfg["clause_weight"]) * row)
    scored: list[dict[str, Any]] = [{"unit": u, "score": np.zeros(len(model.labels)), "sentences": [], "pieces": []}
                                    for u in units]
    for t, row, k in zip(texts, probs, owners):  # the unit text and its windows
        scored[k]["pieces"].append((t, row))
        scored[k]["score"] = np.maximum(scored[k]["score"], row)
    weight = float(cfg["sentence_weight"])
    for s, row, k in zip(sent_texts, sprobs, sent_owners):
        scored[k]["sentences"].append((s, row))
        # one sentence that is clearly about a sector counts for its section, slightly discounted
        scored[k]["score"] = np.maximum(scored[k]["score"], weight * row)
    return scored


def _evidence(item: dict[str, Any], j: int, limit: int, threshold: float) -> list[SectorEvidence]:
    """Up to ``limit`` pieces of a unit that the model scores as about label ``j``.

    Sentences scoring at least ``threshold`` come first, best first.  If none does,
    the assignment came from the unit text or one of its windows: the best-scoring
    of those that reached the threshold (a window before the whole unit, being
    shorter) is the evidence.  Nothing below the threshold is ever evidence: a
    sentence that only names the sector in passing does not explain a tag.
    """
    ranked = [sr for sr in sorted(item["sentences"], key=lambda sr: -sr[1][j]) if sr[1][j] >= threshold][:limit]
    if not ranked:
        pieces = [pr for pr in item["pieces"] if pr[1][j] >= threshold]
        ranked = sorted(pieces, key=lambda pr: (len(pr[0]) == len(item["unit"].text), -pr[1][j]))[:1]
    u: _Unit = item["unit"]
    if u.key is None:
        return [SectorEvidence(s, round(float(row[j]), 4), chunk=int(u.number)) for s, row in ranked]
    return [SectorEvidence(s, round(float(row[j]), 4), section=u.key, number=u.number, title=u.title)
            for s, row in ranked]


def _rollup(scored: list[dict[str, Any]], model: SectorModel, cfg: dict[str, Any]) -> list[SectorScore]:
    """Document-level sectors from unit scores: best unit score vs the label threshold."""
    names = model.meta.get("names", {})
    total = sum(len(it["unit"].text) for it in scored) or 1
    out = []
    for j, lab in enumerate(model.labels):
        thr = float(model.thresholds[j])
        ranked = sorted(scored, key=lambda it: -it["score"][j])
        best = float(ranked[0]["score"][j]) if ranked else 0.0
        assigned = best >= thr
        support = [it for it in ranked if it["score"][j] >= thr]
        evidence: list[SectorEvidence] = []
        if assigned:
            # one best piece per supporting unit first, then more from the strongest units
            per_unit = [_evidence(it, j, int(cfg["max_evidence"]), thr) for it in support]
            for depth in range(int(cfg["max_evidence"])):
                for ev in per_unit:
                    if depth < len(ev) and len(evidence) < int(cfg["max_evidence"]):
                        evidence.append(ev[depth])
        out.append(
            SectorScore(
                label=lab,
                name=names.get(lab, lab),
                score=round(best, 4),
                threshold=round(thr, 4),
                assigned=assigned,
                sections=[it["unit"].key for it in support if it["unit"].key is not None],
                share=round(sum(len(it["unit"].text) for it in support) / total, 4),
                evidence=evidence,
            )
        )
    out.sort(key=lambda d: (-d.assigned, -d.score, d.label))
    return out


def _unit_sectors(item: dict[str, Any], model: SectorModel, cfg: dict[str, Any]) -> list[SectorScore]:
    """The ``Section.sectors`` list: labels scoring >= SECTION_REPORT_MIN, best first."""
    names = model.meta.get("names", {})
    out = []
    for j, lab in enumerate(model.labels):
        score = float(item["score"][j])
        if score < SECTION_REPORT_MIN:
            continue
        assigned = score >= float(model.thresholds[j])
        ev = _evidence(item, j, int(cfg["section_evidence"]), float(model.thresholds[j])) if assigned else []
        out.append(
            SectorScore(
                label=lab,
                name=names.get(lab, lab),
                score=round(score, 4),
                assigned=assigned,
                evidence=[SectorEvidence(e.text, e.score) for e in ev],
            )
        )
    out.sort(key=lambda d: (-d.assigned, -d.score, d.label))
    return out


def _section_unit(sec: Section) -> _Unit:
    title = (sec.title or "").strip()
    body = (sec.text or "").strip()
    return _Unit(key=sec.id, number=sec.number, title=title, text=f"{title}\n{body}".strip())


def annotate(doc: Document) -> None:
    """Pipeline stage: set ``doc.sectors`` and every ``Section.sectors``.

    Without sections (extraction found none), the document text is scored in
    chunks as by :func:`classify_text`.
    """
    model, cfg = get_model(), _rollup_config()
    if doc.sections:
        units = [_section_unit(s) for s in doc.sections]
        scored = _score_units(units, model, cfg)
        for sec, item in zip(doc.sections, scored):
            sec.sectors = _unit_sectors(item, model, cfg)
    else:
        scored = _score_units(_text_units(doc.text, int(cfg["chunk_chars"])), model, cfg)
    doc.sectors = _rollup(scored, model, cfg)


def _text_units(text: str, size: int) -> list[_Unit]:
    """Plain text as units: paragraphs packed into chunks of about ``size`` characters."""
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    chunks, cur = [], ""
    for p in paras:
        if cur and len(cur) + len(p) > size:
            chunks.append(cur)
            cur = ""
        cur = f"{cur}\n{p}" if cur else p
    if cur:
        chunks.append(cur)
    return [_Unit(key=None, number=str(i + 1), title="", text=c) for i, c in enumerate(chunks)]


def classify_text(text: str, *, only_assigned: bool = False, model: SectorModel | None = None) -> list[SectorScore]:
    """Sectors of plain text: scores with threshold, share and evidence (no section ids).

    A short passage is scored as one unit; a long text (a whole report) is cut
    into paragraph chunks that roll up like sections.  Evidence items carry the
    chunk number instead of a section id.  ``model`` replaces the stored model
    (evaluation of another model directory).
    """
    model, cfg = model or get_model(), _rollup_config()
    units = _text_units(text, int(cfg["chunk_chars"]))
    if not units:
        units = [_Unit(key=None, number="1", title="", text=text.strip())]
    result = _rollup(_score_units(units, model, cfg), model, cfg)
    for r in result:
        r.sections = None
    return [r for r in result if r.assigned] if only_assigned else result
