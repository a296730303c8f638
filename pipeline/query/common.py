"""Helpers the queries share: picking a display name, trip date ranges, row order, name forms."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from typing import Any

from pipeline.errors import QueryError
from pipeline.query.filters import DocInfo, json_list


def pick_name(counts: Counter[str]) -> str:
    """The most used spelling; ties: the shorter, then the lexicographically first."""
    return min(counts, key=lambda n: (-counts[n], len(n), n))


def trip_dates(docs: list[DocInfo]) -> tuple[str | None, str | None]:
    starts = [d.start for d in docs if d.start]
    ends = [end for d in docs if (end := d.end or d.start)]
    return (min(starts) if starts else None, max(ends) if ends else None)


SORTS = ("reports", "name", "first", "last")


def sort_rows(rows: list[Any], sort: str) -> list[Any]:
    """Rows in a deterministic order: most reports first (default), by name, or by
    first/last trip date (oldest first / newest first; undated rows last)."""
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    out = sorted(rows, key=lambda r: (r.name, r.id))
    if sort == "reports":
        out.sort(key=lambda r: (-r.reports, -r.mentions))
    elif sort == "first":
        out.sort(key=lambda r: r.first_date or "9999")
    elif sort == "last":
        out.sort(key=lambda r: r.last_date or "", reverse=True)  # stable: names stay sorted
    return out


def one_form(text: str | None) -> str:
    """``forms`` of an entity whose only surface form is its text (the usual case)."""
    return json.dumps([text] if text else [], ensure_ascii=False)


def add_forms(names: Counter[str], forms: str | None) -> None:
    for form in json.loads(forms or "[]"):
        names[form] += 0


def doc_facts(conn: sqlite3.Connection, ids: set[str] | None
               ) -> dict[str, tuple[str | None, str | None, frozenset[str], frozenset[str]]]:
    """Per document: (trip start, trip end, countries, sector labels); the JSON lists
    become frozensets, each distinct JSON text parsed once (there are few)."""
    where, args = ("", []) if ids is None else (
        " WHERE id IN (SELECT value FROM json_each(?))", [json_list(ids)])
    parsed: dict[str | None, frozenset[str]] = {}

    def items(text: str | None) -> frozenset[str]:
        if text not in parsed:
            try:
                data = json.loads(text) if text else []
            except ValueError:
                data = []
            parsed[text] = frozenset(str(x) for x in data) if isinstance(data, list) else frozenset()
        return parsed[text]

    return {doc_id: (start, end, items(countries), items(sectors))
            for doc_id, start, end, countries, sectors in conn.execute(
                f"SELECT id, trip_start, trip_end, countries, sector_labels FROM documents{where}",  # noqa: S608 - fixed SQL with ? placeholders
                args)}


def union_forms(sets: set[frozenset[str]]) -> list[str]:
    """Sorted distinct strings of some sets."""
    return sorted(frozenset().union(*sets))
