"""Row types and document loading for :mod:`pipeline.query`."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

# Label aliases accepted wherever a label is asked for (``--label``).
LABEL_ALIASES = {"PLACE": ["GPE", "LOC"], "PLACES": ["GPE", "LOC"], "AGENCY": ["ORG"],
                 "PEOPLE": ["PERSON"], "PER": ["PERSON"]}


class QueryError(ValueError):
    """A query was given an unusable argument (bad date, unknown sort...)."""


def labels_of(spec: str | None) -> list[str] | None:
    """``ORG``, ``ORG,PERSON``, ``place`` (GPE+LOC) or ``all`` (None: every label).

    :class:`QueryError` for a label the NER stage never produces (a typo would
    otherwise silently give no rows)."""
    from pipeline.ner.config import LABELS

    if spec is None or spec.strip().lower() in ("", "all", "*"):
        return None
    out: list[str] = []
    for part in spec.replace(" ", ",").split(","):
        part = part.strip().upper()
        if part:
            out += LABEL_ALIASES.get(part, [part])
    unknown = sorted(set(out) - set(LABELS))
    if unknown:
        raise QueryError(f"unknown label {', '.join(unknown)} (known: {', '.join(LABELS)}, "
                         f"place, all)")
    return sorted(set(out)) or None


@dataclass
class DocInfo:
    """What the queries need of one document (from the index)."""

    id: str
    title: str | None
    agency: str | None
    filename: str | None
    countries: list[str]
    places: list[str]
    start: str | None  # trip start (period_start, else report date)
    end: str | None  # trip end (period_end, else start)
    authors: list[dict[str, Any]] = field(default_factory=list)
    sectors: list[tuple[str, str]] = field(default_factory=list)  # assigned (label, name)

    @property
    def visiting(self) -> list[str]:
        """Names of the reporting agency: 服務機關, and each author's org + unit."""
        out = [self.agency or ""]
        for a in self.authors:
            org, unit = a.get("org") or self.agency or "", a.get("unit") or ""
            out += [org, org + unit]
        return [x for x in out if x]


def _list(value: str | None) -> list[str]:
    try:
        data = json.loads(value) if value else []
    except ValueError:
        return []
    return [str(x) for x in data] if isinstance(data, list) else []


def load_documents(conn: sqlite3.Connection) -> dict[str, DocInfo]:
    """Every indexed document as :class:`DocInfo`, by id."""
    docs: dict[str, DocInfo] = {}
    for (doc_id, title, agency, filename, countries, places, start, end,
         report) in conn.execute(
            "SELECT id, title, agency, filename, countries, places, period_start, period_end, "
            "report_date FROM documents ORDER BY id"):
        begin = start or report
        docs[doc_id] = DocInfo(doc_id, title, agency, filename, _list(countries), _list(places),
                               begin, end or begin)
    for doc_id, name, title, unit, org in conn.execute(
            "SELECT doc_id, name, title, unit, org FROM people WHERE source = 'cover' "
            "ORDER BY doc_id, idx"):
        if doc_id in docs:
            docs[doc_id].authors.append({"name": name, "title": title, "unit": unit, "org": org})
    for doc_id, label, name in conn.execute(
            "SELECT doc_id, label, name FROM sectors WHERE assigned = 1 ORDER BY doc_id, label"):
        if doc_id in docs and label:
            docs[doc_id].sectors.append((label, name or label))
    return docs


@dataclass
class _Row:
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class AgencyRow(_Row):
    """One canonical organisation (or entity of the asked label) across reports."""

    id: str  # canonical id, e.g. ORG:1839fd655735
    name: str  # canonical form
    label: str
    reports: int
    mentions: int
    first_date: str | None
    last_date: str | None
    countries: list[str]
    sectors: list[str]
    names: list[str]  # surface forms seen, most frequent first
    doc_ids: list[str]


@dataclass
class PersonRow(_Row):
    """One person with the roles they were recorded in, oldest trip first."""

    id: str  # canonical id (PERSON:...)
    name: str
    titles: list[str]
    orgs: list[str]
    units: list[str]
    reports: int
    mentions: int  # mentions in the text (entities)
    first_date: str | None
    last_date: str | None
    doc_ids: list[str]
    roles: list[dict[str, Any]]  # {doc_id, date, title, unit, org, source}


@dataclass
class TripRow(_Row):
    """One report (trip)."""

    id: str
    title: str | None
    start: str | None
    end: str | None
    agency: str | None
    authors: list[str]
    countries: list[str]
    places: list[str]
    sectors: list[str]
    filename: str | None


@dataclass
class PairRow(_Row):
    """Two entities found together, and in how many reports (or sections)."""

    a_id: str
    a_name: str
    a_label: str
    b_id: str
    b_name: str
    b_label: str
    count: int
    doc_ids: list[str]
