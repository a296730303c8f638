"""Row types and document loading for :mod:`pipeline.query`."""

from __future__ import annotations

import json
import sqlite3
from functools import lru_cache
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


def load_documents(conn: sqlite3.Connection, ids: list[str] | set[str] | None = None
                   ) -> dict[str, DocInfo]:
    """The indexed documents (all, or those of ``ids``) as :class:`DocInfo`, by id."""
    where, args = "", ()
    if ids is not None:
        where = " WHERE {} IN (SELECT value FROM json_each(?))"
        args = (json.dumps(sorted(ids)),)
    docs: dict[str, DocInfo] = {}
    for (doc_id, title, agency, filename, countries, places, start, end,
         report) in conn.execute(
            "SELECT id, title, agency, filename, countries, places, period_start, period_end, "
            "report_date FROM documents" + where.format("id") + " ORDER BY id", args):
        begin = start or report
        docs[doc_id] = DocInfo(doc_id, title, agency, filename, _list(countries), _list(places),
                               begin, end or begin)
    for doc_id, name, title, unit, org in conn.execute(
            "SELECT doc_id, name, title, unit, org FROM people WHERE source = 'cover'"
            + where.format("doc_id").replace(" WHERE", " AND") + " ORDER BY doc_id, idx", args):
        if doc_id in docs:
            docs[doc_id].authors.append({"name": name, "title": title, "unit": unit, "org": org})
    for doc_id, label, name in conn.execute(
            "SELECT doc_id, label, name FROM sectors WHERE assigned = 1"
            + where.format("doc_id").replace(" WHERE", " AND") + " ORDER BY doc_id, label", args):
        if doc_id in docs and label:
            docs[doc_id].sectors.append((label, name or label))
    return docs


def _abbreviates(short: str, full: str) -> bool:
    """True if ``short`` abbreviates a part of ``full``: its characters occur in ``full``
    in order, starting at one of its characters (電資組 in 電子資訊組, 國科會 in
    國家科學及技術委員會).  Chinese unit names are shortened this way."""
    start = full.find(short[0])
    while start >= 0:
        pos = start + 1
        for ch in short[1:]:
            pos = full.find(ch, pos) + 1
            if pos == 0:
                break
        else:
            return True
        start = full.find(short[0], start + 1)
    return False


@lru_cache(maxsize=65536)  # parent + unit splits recurse: each suffix is tried once
def own_name(key: str, visiting: frozenset[str]) -> bool:
    """True if the folded name ``key`` is (a part of) one of the folded names of a
    reporting agency: a substring (經濟部, 工業局), an abbreviation of a part
    (經濟部工業局電資組 for 經濟部工業局電子資訊組), or a parent agency followed by
    such a part (經濟部工業局 + 電資組 when the author's unit reads 工業局電子資訊組)."""
    if len(key) < 2:
        return False
    if any(key in v or (len(key) >= 3 and _abbreviates(key, v)) for v in visiting):
        return True
    # Parent + unit: both halves own (each at least two characters).
    return any(any(key[:i] in v for v in visiting) and own_name(key[i:], visiting)
               for i in range(2, len(key) - 1))


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
