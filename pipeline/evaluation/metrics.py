"""The one precision/recall/F1 of the project, and mention-level span scoring built on it.

Convention for empty sets (every score in the project follows it): with nothing to
find and nothing found, precision = recall = F1 = 1 (a perfect, if vacuous, answer);
with only one side empty, the empty side's ratio is 0 when the other side has items
(precision 0 when something was predicted and nothing is gold, recall 0 when gold
exists and nothing was found). Values are exact floats: round only to display.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

LABELS = ("ORG", "PERSON", "GPE", "LOC", "FAC", "INDUSTRY")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PLACE = "PLACE"

Spans = list[tuple[int, int, str]]


def prf(tp: float, fp: float, fn: float) -> dict[str, float]:
    """Precision, recall, F1 and the counts, under the module's empty-set convention.

    Counts are usually integers; weighted counts (sums of per-item weights) work the same.
    """
    if tp + fp:
        p = tp / (tp + fp)
    else:
        p = 1.0 if fn == 0 else 0.0
    if tp + fn:
        r = tp / (tp + fn)
    else:
        r = 1.0 if fp == 0 else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn, "support": tp + fn}


def _label_order(label: str) -> tuple[int, str]:
    return (LABELS.index(label) if label in LABELS else len(LABELS), label)


def score_mentions(pred_spans: Iterable[Sequence[Any]], gold_spans: Iterable[Sequence[Any]]) -> dict[str, Any]:
    """Exact-span mention-level P/R/F1 per label, PLACE group and micro total.

    A span is a tuple whose last item is the label: ``(start, end, label)`` for
    one text, or ``(text_id, start, end, label)`` for many. Spans are multisets.
    """
    pred = Counter(tuple(s) for s in pred_spans)
    gold = Counter(tuple(s) for s in gold_spans)
    labels = sorted({s[-1] for s in pred} | {s[-1] for s in gold}, key=_label_order)
    out: dict[str, Any] = {"labels": {}, "groups": {}}
    total = Counter[str]()
    for lab in labels:
        p = Counter({s: n for s, n in pred.items() if s[-1] == lab})
        g = Counter({s: n for s, n in gold.items() if s[-1] == lab})
        tp = sum((p & g).values())
        out["labels"][lab] = prf(tp, sum(p.values()) - tp, sum(g.values()) - tp)
        total.update(tp=tp, fp=sum(p.values()) - tp, fn=sum(g.values()) - tp)

    def place(c: Counter[tuple[Any, ...]]) -> Counter[tuple[Any, ...]]:
        return Counter({s[:-1] + (PLACE,): n for s, n in c.items() if s[-1] in PLACE_LABELS})

    pp, gp = place(pred), place(gold)
    tp = sum((pp & gp).values())
    out["groups"][PLACE] = prf(tp, sum(pp.values()) - tp, sum(gp.values()) - tp)
    out["micro"] = prf(total["tp"], total["fp"], total["fn"])
    return out


def score_sentences(gold: Sequence[Sequence[Sequence[Any]]], pred: Sequence[Sequence[Sequence[Any]]]) -> dict[str, Any]:
    """:func:`score_mentions` over parallel lists of per-text spans ``(start, end, label)``."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold texts but {len(pred)} predicted")
    return score_mentions(((i, *s) for i, spans in enumerate(pred) for s in spans),
                          ((i, *s) for i, spans in enumerate(gold) for s in spans))


def combine(results: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Sum the counts of several score dicts (same shape) and recompute P/R/F1."""
    counts: dict[tuple[str, str], Counter[str]] = {}
    for res in results:
        rows = [(part, key, row) for part in ("labels", "groups") for key, row in res.get(part, {}).items()]
        rows += [("micro", "", res["micro"])] if "micro" in res else []
        for part, key, row in rows:
            counts.setdefault((part, key), Counter()).update({k: row[k] for k in ("tp", "fp", "fn")})
    out: dict[str, Any] = {"labels": {}, "groups": {}}
    for (part, key), c in counts.items():
        score = prf(c["tp"], c["fp"], c["fn"])
        if part == "micro":
            out["micro"] = score
        else:
            out[part][key] = score
    out.setdefault("micro", prf(0, 0, 0))
    return out
