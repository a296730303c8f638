"""Printing query rows: a rich table on a terminal, or JSON, JSON lines, CSV.

JSON and JSON lines keep lists and nested records as they are; CSV joins a list of
strings with ``; `` and writes nested records (``roles``) as JSON text.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Sequence
from typing import IO, Any

FORMATS = ("table", "json", "jsonl", "csv")

# Columns shown in the terminal table, per row type (all fields go to json/jsonl/csv).
TABLE_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "AgencyRow": [("name", "agency"), ("reports", "reports"), ("first_date", "first"), ("last_date", "last"), ("countries", "countries"),
                  ("sectors", "sectors"), ("names", "also written"), ("id", "id")],
    "PersonRow": [("name", "name"), ("titles", "titles"), ("orgs", "organisations"),
                  ("units", "units"), ("reports", "reports"), ("first_date", "first"),
                  ("last_date", "last"), ("id", "id")],
    "TripRow": [("start", "start"), ("end", "end"), ("title", "title"), ("agency", "agency"),
                ("authors", "authors"), ("countries", "countries"), ("places", "places"),
                ("sectors", "sectors"), ("id", "id")],
    "PairRow": [("a_name", "a"), ("a_label", ""), ("b_name", "b"), ("b_label", ""),
                ("count", "together"), ("doc_ids", "reports")],
}
MAX_LIST = 3  # list items shown in a table cell before "… +N"


def records(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """Rows as plain dicts (``to_dict`` of each)."""
    return [r.to_dict() if hasattr(r, "to_dict") else dict(r) for r in rows]


def _cell(value: Any, limit: int | None = MAX_LIST) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        if value and not all(isinstance(v, str) for v in value):
            return json.dumps(value, ensure_ascii=False)
        shown = value if limit is None else value[:limit]
        more = f" … +{len(value) - len(shown)}" if len(value) > len(shown) else ""
        return "; ".join(shown) + more
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_csv(rows: Sequence[Any], out: IO[str]) -> None:
    """All fields, one row per record; header from the first record (or the row type)."""
    recs = records(rows)
    if not recs:
        return
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(recs[0]))
    for rec in recs:
        writer.writerow([_cell(v, None) for v in rec.values()])


def render(rows: Sequence[Any], fmt: str, out: IO[str], *, title: str | None = None) -> None:
    """Write ``rows`` to ``out`` in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "json":
        out.write(json.dumps(records(rows), ensure_ascii=False, indent=1) + "\n")
    elif fmt == "jsonl":
        for rec in records(rows):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        write_csv(rows, out)
    else:
        _table(rows, out, title)


def _table(rows: Sequence[Any], out: IO[str], title: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    # Piped or captured output (no terminal width, no $COLUMNS): wide enough that cells
    # are not folded into many lines.
    tty = hasattr(out, "isatty") and out.isatty()
    console = Console(file=out, soft_wrap=False,
                      width=None if tty or os.environ.get("COLUMNS") else 200)
    if not rows:
        console.print(f"{title}: no results" if title else "no results", markup=False)
        return
    columns = TABLE_COLUMNS.get(type(rows[0]).__name__) or [(k, k) for k in records(rows[:1])[0]]
    if title and ": first " not in title:
        title = f"{title} ({len(rows)})"
    table = Table(title=title, title_justify="left")
    for key, header in columns:
        numeric = key in ("reports", "mentions", "count")
        table.add_column(header, justify="right" if numeric else "left",
                         no_wrap=key in ("id", "start", "end", "first_date", "last_date"),
                         overflow="fold")
    for rec in records(rows):
        table.add_row(*[_cell(rec.get(key)) for key, _ in columns])
    console.print(table)
