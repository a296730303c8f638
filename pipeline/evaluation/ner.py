"""Scoring of the NER stage against annotated data (``corpora/eval/``).

Two kinds of gold data:

* document-level sets (``*.gold.json``): one entry per distinct entity of a
  report (name + aliases, see ``corpora/eval/guidelines.md``), scored with
  :func:`score_document_sets`;
* mention-level spans (``passages.jsonl`` and the public corpora under
  ``../shared/ner``), scored with exact-span :func:`score_mentions`.

The P/R/F1 arithmetic and its empty-set convention live in :mod:`pipeline.evaluation.metrics`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline import process, resources
from pipeline.annotations import Entity
from pipeline.document import Block, Document, Source
from pipeline.errors import EvaluationError
from pipeline.evaluation.metrics import LABELS, PLACE, PLACE_LABELS, combine, prf, score_mentions
from pipeline.extract.language import detect_language
from pipeline.ner import stage as ner_stage
from pipeline.text.fold import fold

ZH_PUBLIC = ("msra.test", "cluener.dev", "weibo.test", "resume.test")
JA_PUBLIC = ("gsd.test", "gsd.dev")
# GSD (OntoNotes-style) labels -> project labels; unlisted labels (NORP, DATE,
# PRODUCT, TITLE_AFFIX, ...) are not scored: NORP mixes nationalities with parties.
GSD_LABEL_MAP = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC"}
_MARK = re.compile(r"\{([^{}|]+)\|([A-Z]+)\}")


def fold_name(text: str) -> str:
    """The matching key of a name (script, width, case, spaces and punctuation folded)."""
    return fold(text or "")


# ---------------------------------------------------------------- document level

def _pred_keys(p: dict[str, Any]) -> frozenset[str]:
    forms = [p.get("text"), p.get("canonical"), p.get("name"), *(p.get("aliases") or [])]
    return frozenset(k for k in (fold_name(f) for f in forms if f) if k)


def _gold_keys(g: dict[str, Any]) -> tuple[str, frozenset[str]]:
    name = fold_name(g["name"])
    return name, frozenset({name, *(fold_name(a) for a in g.get("aliases", []))}) - {""}


def _score_scope(preds: list[tuple[str, frozenset[str], str]], gold: list[dict[str, Any]],
                 scope: set[str]) -> tuple[int, int, int, list[str], list[str]]:
    """tp/fp/fn of one label (or label group) plus the missed and spurious names.

    ``preds``: (label, keys, surface) already restricted to the scope; ``gold`` entries
    whose label is in ``scope`` can be matched, entries with an alternative label
    in ``scope`` only excuse a prediction.
    """
    req: list[tuple[dict[str, Any], str, frozenset[str]]] = []
    excuse: set[str] = set()
    for g in gold:
        name, keys = _gold_keys(g)
        if g["label"] in scope:
            if g.get("optional"):
                excuse |= keys
            else:
                req.append((g, name, keys))
        elif scope & set(g.get("alt_labels", [])):
            excuse |= keys
        excuse |= {fold_name(c) for c in g.get("coref", [])}
    matched: set[int] = set()
    fp_names: list[str] = []
    # Predictions equal to a gold name claim it first, then alias matches.
    order = sorted(preds, key=lambda p: not any(n in p[1] for _, n, _ in req))
    for _, keys, surface in order:
        cands = [i for i, (_, _, gk) in enumerate(req) if keys & gk]
        if cands:
            exact = [i for i in cands if req[i][1] in keys]
            free = [i for i in (exact or cands) if i not in matched] or [
                i for i in cands if i not in matched]
            if free:
                matched.add(free[0])
            continue  # else: one more mention of an entity already found
        if not keys & excuse:
            fp_names.append(surface)
    fn_names = [g["name"] for i, (g, _, _) in enumerate(req) if i not in matched]
    return len(matched), len(fp_names), len(fn_names), fn_names, sorted(fp_names)


def score_document_sets(predicted: Sequence[dict[str, Any]], gold: Sequence[dict[str, Any]],
                        ) -> dict[str, Any]:
    """Document-level P/R/F1 per label, for the PLACE group (GPE+LOC+FAC) and micro.

    ``predicted``: dicts with ``label`` and ``text`` and/or ``canonical`` (made
    from ``doc.entities`` or from plain mentions; duplicates collapse). ``gold``: entries
    ``{label, name, aliases, optional?, alt_labels?, coref?}``. A prediction
    matches a gold entity of its label when a folded form equals the folded name
    or an alias; each gold entity counts once, further predictions of it are
    neither true nor false positives. Optional entities, alternative labels and
    coreferent descriptions are ignored (see ``corpora/eval/guidelines.md``).
    Returns ``{"labels", "groups", "micro", "missed", "spurious"}``.
    """
    uniq: dict[tuple[str, frozenset[str]], str] = {}
    for p in predicted:
        keys = _pred_keys(p)
        if keys and p.get("label"):
            uniq.setdefault((p["label"], keys), p.get("text") or p.get("canonical") or "")
    preds = [(lab, keys, surface) for (lab, keys), surface in uniq.items()]
    gold = list(gold)
    labels = sorted(set(LABELS) | {g["label"] for g in gold},
                    key=lambda x: (LABELS + (x,)).index(x))
    out: dict[str, Any] = {"labels": {}, "groups": {}, "missed": {}, "spurious": {}}
    tot = Counter[str]()
    for lab in labels:
        tp, fp, fn, miss, spur = _score_scope([p for p in preds if p[0] == lab], gold, {lab})
        out["labels"][lab] = prf(tp, fp, fn)
        tot.update(tp=tp, fp=fp, fn=fn)
        if miss:
            out["missed"][lab] = miss
        if spur:
            out["spurious"][lab] = spur
    tp, fp, fn, _, _ = _score_scope([p for p in preds if p[0] in PLACE_LABELS], gold,
                                    set(PLACE_LABELS))
    out["groups"][PLACE] = prf(tp, fp, fn)
    out["micro"] = prf(tot["tp"], tot["fp"], tot["fn"])
    other = Counter(p[0] for p in preds if p[0] not in labels)
    if other:
        out["unscored_labels"] = dict(other)
    return out


# ---------------------------------------------------------------- mention level

# ---------------------------------------------------------------- gold data files

def parse_marked(marked: str) -> tuple[str, list[list[Any]]]:
    """``"{經濟部|ORG}與…"`` -> (plain text, [[start, end, label], ...])."""
    text: list[str] = []
    spans: list[list[Any]] = []
    pos = last = 0
    for m in _MARK.finditer(marked):
        chunk = marked[last:m.start()]
        text.append(chunk)
        pos += len(chunk)
        text.append(m.group(1))
        spans.append([pos, pos + len(m.group(1)), m.group(2)])
        pos += len(m.group(1))
        last = m.end()
    text.append(marked[last:])
    return "".join(text), spans


def load_passages(path: str | Path) -> list[dict[str, Any]]:
    """Read a passages JSONL file, checking every span's bounds and label."""
    rows = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"{path}: {exc.strerror or exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        row = json.loads(line)
        for s, e, lab in row["entities"]:
            if not (0 <= s < e <= len(row["text"])) or lab not in LABELS:
                raise EvaluationError(f"{path}:{n}: bad span {[s, e, lab]}")
        rows.append(row)
    return rows


def load_gold(path: str | Path) -> dict[str, Any]:
    """Read a ``.gold.json`` document-level file, checking labels."""
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvaluationError(f"{path}: {exc}") from exc
    for ent in gold.get("entities", []):
        if ent.get("label") not in LABELS or not ent.get("name"):
            raise EvaluationError(f"{path}: bad entity {ent}")
    return gold


def _resolve(ref: str, gold_path: Path) -> Path | None:
    for base in (resources.checkout(), gold_path.resolve().parent):
        cand = (base / ref).resolve()
        if cand.is_file():
            return cand
    cand = resources.shared_dir() / "pdfs" / Path(ref).name
    return cand if cand.is_file() else None


# ---------------------------------------------------------------- running the NER

def document_from_text(text: str, name: str = "text") -> Any:
    """A :class:`Document` built from plain text: blank-line blocks with languages."""

    doc = Document(id=name, source=Source(filename=name, sha256="", size=len(text)))
    doc.text = text
    for para in re.split(r"\n\s*\n", text):
        para = para.strip()
        if para:
            doc.blocks.append(Block(lang=detect_language(para), text=para))
    return doc


def run_ner_on_file(path: Path) -> Any:
    """Process a PDF (or a ``.txt``) and make sure the NER stage has run on it."""

    if path.suffix.lower() == ".pdf":
        doc = process.process_file(path)
        if doc.failed:
            raise EvaluationError(f"{path}: {doc.errors[-1].message if doc.errors else 'failed'}")
        if "ner" in {name for name, _ in process.stages()}:
            return doc
    else:
        doc = document_from_text(path.read_text(encoding="utf-8"), path.name)
    ner_stage.annotate(doc)
    return doc


def evaluate_gold_file(path: str | Path, source: str = "auto") -> dict[str, Any]:
    """Run the pipeline + NER on the document a gold file names and score it.

    ``source``: ``pdf`` (the gold's ``pdf`` or a PDF ``document``), ``text``
    (the gold's ``document`` when it is a text file) or ``auto`` (PDF if found).
    """
    gold_path = Path(path)
    gold = load_gold(gold_path)
    refs = [gold.get("pdf"), gold.get("document")] if source != "text" else [gold.get("document")]
    if source == "pdf":
        refs = [r for r in refs if r and r.lower().endswith(".pdf")]
    inputs = [p for p in (_resolve(r, gold_path) for r in refs if r) if p]
    if not inputs:
        raise EvaluationError(f"{gold_path}: input document not found ({', '.join(filter(None, refs))})")
    doc = run_ner_on_file(inputs[0])
    result: dict[str, Any] = {
        "gold": str(gold_path), "input": str(inputs[0]),
        "predicted": len(doc.entities),
        "gold_entities": sum(1 for e in gold["entities"] if not e.get("optional")),
        "document_level": score_document_sets(
            [{"label": e.label, "text": e.text, "canonical": e.canonical} for e in doc.entities],
            gold["entities"]),
    }
    if gold.get("mentions"):  # mention-level gold for some paragraphs (passages format)
        mpath = gold_path.resolve().parent / gold["mentions"]
        result["mention_level"] = evaluate_passages(mpath)["overall"]["mention_level"]
    return result


def entity_spans(pred: Entity, text: str) -> list[tuple[int, int]]:
    """Character spans of one predicted entity (its text mentions, else by search)."""
    ms = [(m.start, m.end) for m in pred.mentions if m.start is not None and m.end is not None]
    if ms:
        return ms
    surface = pred.text
    return [(m.start(), m.end()) for m in re.finditer(re.escape(surface), text)] if surface else []


def evaluate_passages(path: str | Path, langs: Sequence[str] | None = None) -> dict[str, Any]:
    """Mention-level and document-level scores of ``extract_entities`` on passages
    (each passage run in its annotated language); see :func:`score_passages`."""
    rows = [r for r in load_passages(path) if not langs or r["lang"] in langs]
    predicted = {}
    for row in rows:
        preds = ner_stage.extract_entities(row["text"], lang=row["lang"]) or []
        predicted[row["id"]] = [(s, e, p.label) for p in preds for s, e in entity_spans(p, row["text"])]
    return score_passages(rows, predicted)


def score_passages(rows: Sequence[dict[str, Any]], predicted: dict[str, list[tuple[int, int, str]]]) -> dict[str, Any]:
    """Scores of predicted spans against passages' gold spans, overall and per language.

    ``rows`` carry ``id``, ``lang``, ``text`` and gold ``entities`` ``[(start, end, label)]``;
    ``predicted`` maps a passage id to its ``(start, end, label)`` spans. Mention level:
    exact spans. Document level: each passage's distinct names per label on both sides
    (gold deduplicated by folded name, so 台灣 and 臺灣 count once): the gold does not
    link acronyms to full names, so neither may the prediction.
    Returns ``{"passages", "overall": {"mention_level", "document_level"}, "by_lang": {...}}``.
    """
    by_lang: dict[str, dict[str, list[Any]]] = {}
    for row in rows:
        spans = predicted.get(row["id"], [])
        acc = by_lang.setdefault(row["lang"], {"pred": [], "gold": [], "docs": []})
        acc["pred"] += [(row["id"], *sp) for sp in spans]
        acc["gold"] += [(row["id"], s, e, lab) for s, e, lab in row["entities"]]
        pred_set = [{"label": lab, "text": row["text"][s:e]} for s, e, lab in spans]
        gold_set = [{"label": lab, "name": row["text"][s:e]} for s, e, lab in row["entities"]]
        acc["docs"].append(score_document_sets(pred_set, _dedupe(gold_set)))
    out: dict[str, Any] = {"passages": len(rows), "by_lang": {}}
    for lang, acc in sorted(by_lang.items()):
        out["by_lang"][lang] = {"passages": len(acc["docs"]),
                                "mention_level": score_mentions(acc["pred"], acc["gold"]),
                                "document_level": combine(acc["docs"])}
    out["overall"] = {
        "passages": len(rows),
        "mention_level": score_mentions([s for a in by_lang.values() for s in a["pred"]],
                                        [s for a in by_lang.values() for s in a["gold"]]),
        "document_level": combine(d for a in by_lang.values() for d in a["docs"]),
    }
    return out


def _dedupe(entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for e in entities:
        seen.setdefault((e["label"], fold_name(e["name"])), e)
    return list(seen.values())


def evaluate_public(corpus: str, limit: int | None = None) -> dict[str, Any]:
    """Mention-level scores of the NER stage on a Japanese public split (``gsd.test``, ``gsd.dev``),
    labels mapped by :data:`GSD_LABEL_MAP`. (The Chinese splits, :data:`ZH_PUBLIC`, score the
    Chinese model alone: :func:`pipeline.training.ner_zh.evaluate_zh_public`.)
    """
    if corpus not in JA_PUBLIC:
        raise EvaluationError(f"unknown corpus {corpus!r}; one of {', '.join(JA_PUBLIC)} (Chinese: {', '.join(ZH_PUBLIC)})")
    path = resources.shared_dir() / "ner" / "ja" / f"{corpus}.jsonl"
    if not path.is_file():
        raise EvaluationError(f"{path}: not found (../shared beside the repository)")
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    rows = rows[:limit] if limit else rows
    extract = ner_stage.extract_entities
    targets = set(GSD_LABEL_MAP.values())
    pred: list[tuple[Any, ...]] = []
    gold: list[tuple[Any, ...]] = []
    for i, row in enumerate(rows):
        gold += [(i, s, e, GSD_LABEL_MAP[lab]) for s, e, lab in row["entities"] if lab in GSD_LABEL_MAP]
        for p in extract(row["text"], lang="ja") or []:
            if p.label in targets:  # INDUSTRY has no counterpart in GSD
                pred += [(i, s, e, p.label) for s, e in entity_spans(p, row["text"])]
    return {"corpus": corpus, "sentences": len(rows), "mapped": score_mentions(pred, gold)}
