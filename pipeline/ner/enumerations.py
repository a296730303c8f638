"""Enumerations as runs of linked neighbours: the grouping step the list rules share.

An enumeration (A、B、C以及D) is a maximal run of consecutive things -- entity spans
(:mod:`pipeline.ner.lists`), short kanji items (:mod:`pipeline.ner.ja_names`), the
separators of a sector list (:mod:`pipeline.ner.industry_lists`) -- each linked to the
one before it (only a joiner between them, an item between two separators). What links
two neighbours differs per rule; the grouping does not.

Cost: one pass over the items, one ``link`` call per neighbouring pair.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
U = TypeVar("U")


def linked_runs(items: Sequence[T], link: Callable[[T, T], U | None], alone: Callable[[T], U],
                min_items: int = 2) -> list[list[U]]:
    """Maximal runs of consecutive ``items`` (in the given order) each linked to the one before.

    ``link(previous, item)`` is the run's entry for ``item`` when the two are linked, else
    None (the item starts a new run); ``alone(item)`` is the entry of an item that starts
    a run. Runs of fewer than ``min_items`` entries are left out.
    """
    runs: list[list[U]] = []
    cur: list[U] = []
    for k, item in enumerate(items):
        entry = link(items[k - 1], item) if k else None
        if entry is not None:
            cur.append(entry)
            continue
        if len(cur) >= min_items:
            runs.append(cur)
        cur = [alone(item)]
    if len(cur) >= min_items:
        runs.append(cur)
    return runs
