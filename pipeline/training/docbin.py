"""Training examples written as a spaCy DocBin, with each model's way of aligning gold spans to tokens.

Entities labelled :data:`~pipeline.training.labels.MISSING` (``"-"``) are written as
missing annotation (BILUO ``-``): the NER loss ignores those tokens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pipeline.training.labels import MISSING

Example = dict[str, Any]  # {"text": str, "entities": [[start, end, label], ...]}
Align = Callable[[Any, list[list[Any]], dict[str, int]], list[Any]]


def write_docbin(nlp: Any, rows: Iterable[Example], path: Path, align: Align, counters: tuple[str, ...]) -> dict[str, int]:
    """Tokenise each example with ``nlp``, set ``align(doc, gold_spans, stats)`` as its entities,
    write the DocBin to ``path``; returns ``docs``, ``ents`` and the ``counters`` ``align`` keeps."""
    from spacy.tokens import DocBin

    db = DocBin(store_user_data=False)
    stats = dict.fromkeys(("docs", "ents", *counters), 0)
    for ex in rows:
        doc = nlp.make_doc(ex["text"])
        known = [e for e in ex["entities"] if e[2] != MISSING]
        stats["ents"] += len(known)
        unknown = [doc.char_span(s, e, alignment_mode="expand") for s, e, lab in ex["entities"] if lab == MISSING]
        doc.set_ents(align(doc, known, stats), missing=[sp for sp in unknown if sp is not None], default="outside")
        db.add(doc)
        stats["docs"] += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)
    return stats
