"""Row types, document filters and document loading for :mod:`pipeline.query.queries`.

Filters are evaluated in SQL; the folded (cross-script) name comparisons are made in
Python on the few distinct values of a column, then the documents are looked up by
those values (:func:`selection`)."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from pipeline.corpus.search import matching_documents
from pipeline.errors import QueryError
from pipeline.ner.config import LABELS
from pipeline.text.fold import fold

# Label aliases accepted wherever a label is asked for (``--label``).
LABEL_ALIASES = {"PLACE": ["GPE", "LOC"], "PLACES": ["GPE", "LOC"], "AGENCY": ["ORG"],
                 "PEOPLE": ["PERSON"], "PER": ["PERSON"]}


def labels_of(spec: str | None) -> list[str] | None:
    """``ORG``, ``ORG,PERSON``, ``place`` (GPE+LOC) or ``all`` (None: every label).

    :class:`QueryError` for a label the NER stage never produces (a typo would
    otherwise silently give no rows)."""

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
    where, args = "", ()  # type: tuple[str, tuple[str, ...]]
    if ids is not None:
        where = " WHERE {} IN (SELECT value FROM json_each(?))"
        args = (json.dumps(sorted(ids)),)
    docs: dict[str, DocInfo] = {}
    for (doc_id, title, agency, filename, countries, places, start, end,
         report) in conn.execute(
            "SELECT id, title, agency, filename, countries, places, period_start, period_end, "  # noqa: S608 - fixed SQL with ? placeholders
            "report_date FROM documents" + where.format("id") + " ORDER BY id", args):
        begin = start or report
        docs[doc_id] = DocInfo(doc_id, title, agency, filename, _list(countries), _list(places),
                               begin, end or begin)
    for doc_id, name, title, unit, org in conn.execute(
            "SELECT doc_id, name, title, unit, org FROM people WHERE source = 'cover'"  # noqa: S608 - fixed SQL with ? placeholders
            + where.format("doc_id").replace(" WHERE", " AND") + " ORDER BY doc_id, idx", args):
        if doc_id in docs:
            docs[doc_id].authors.append({"name": name, "title": title, "unit": unit, "org": org})
    for doc_id, label, name in conn.execute(
            "SELECT doc_id, label, name FROM sectors WHERE assigned = 1"  # noqa: S608 - fixed SQL with ? placeholders
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


_ID = re.compile(r"^[A-Z_]+:[0-9a-f]{12}$")


def _date_bound(value: str | None, upper: bool) -> str | None:
    """An ISO date from ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (``/`` or ``.`` allowed);
    a partial date becomes the first (lower bound) or last (upper bound) day it covers."""
    if value is None or not value.strip():
        return None
    m = re.fullmatch(r"(\d{4})(?:[-/.](\d{1,2}))?(?:[-/.](\d{1,2}))?", value.strip())
    if not m or not 1 <= int(m.group(2) or 1) <= 12 or not 1 <= int(m.group(3) or 1) <= 31:
        raise QueryError(f"{value!r}: not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    y, mo, d = m.group(1), m.group(2), m.group(3)
    if mo is None:
        return f"{y}-12-31" if upper else f"{y}-01-01"
    day = d if d is not None else ("31" if upper else "01")  # "-31" sorts after every day
    return f"{y}-{int(mo):02d}-{int(day):02d}"


@dataclass
class Filters:
    """Document conditions shared by every query (all optional, ANDed)."""

    country: str | None = None
    place: str | None = None
    sector: str | None = None
    since: str | None = None
    until: str | None = None
    visiting_agency: str | None = None
    entities: list[str] = field(default_factory=list)
    text: str | None = None

    def active(self) -> bool:
        return any((self.country, self.place, self.sector, self.since, self.until,
                    self.visiting_agency, self.entities, self.text))


def _contains(needle: str, haystacks: list[str]) -> bool:
    key = fold(needle)
    return bool(key) and any(key in fold(h) for h in haystacks if h)


def _sector_match(q: str, sectors: list[tuple[str, str]]) -> bool:
    key = fold(q)
    return any(q.strip().lower() == label.lower() or key == fold(name)
               for label, name in sectors)


def _check_sector(conn: sqlite3.Connection, q: str) -> None:
    """:class:`QueryError` unless ``q`` names a sector of the taxonomy (every document
    stores a score for every sector, so the index knows them all)."""
    known = sorted(set(conn.execute(
        "SELECT DISTINCT label, coalesce(name, label) FROM sectors WHERE label IS NOT NULL")))
    if known and not _sector_match(q, known):
        names = ", ".join(f"{label} ({name})" if name and name != label else label
                          for label, name in known)
        raise QueryError(f"unknown sector {q!r} (known: {names})")


def resolve_entity(conn: sqlite3.Connection, name: str,
                   labels: list[str] | None = None) -> set[str]:
    """Canonical ids whose canonical form, text or any mention equals ``name`` (folded);
    a canonical id (``ORG:1839fd655735``) is returned as is."""
    if _ID.match(name.strip()):
        return {name.strip()}
    key = fold(name)
    if not key:
        return set()
    lab = "" if labels is None else f" AND label IN ({','.join('?' * len(labels))})"
    args = labels or []
    # canonical_key/text_key hold fold(canonical)/fold(text): indexed equality lookups.
    rows = conn.execute(
        f"SELECT canonical_id FROM entities WHERE canonical_key = ? AND canonical_id IS NOT NULL{lab} "  # noqa: S608
        f"UNION SELECT canonical_id FROM entities WHERE text_key = ? AND canonical_id IS NOT NULL{lab} "
        f"UNION SELECT canonical_id FROM entity_mentions WHERE text_key = ? "
        f"AND canonical_id IS NOT NULL{lab}", (key, *args, key, *args, key, *args)).fetchall()
    return {r[0] for r in rows}


def _matching(values: list[Any], test: Any) -> str:
    """A JSON array of the distinct ``values`` passing ``test`` (folded matching is done
    in Python on the few distinct values, the document lookup in SQL)."""
    return json_list({v for v in values if v is not None and test(str(v))})


def selection(conn: sqlite3.Connection, f: Filters) -> set[str] | None:
    """Ids of the documents matching ``f``; None when ``f`` has no condition (all)."""
    if not f.active():
        return None
    since, until = _date_bound(f.since, False), _date_bound(f.until, True)
    if f.sector:
        _check_sector(conn, f.sector)
    where: list[str] = []
    args: list[Any] = []
    if since or until:
        where.append("trip_start IS NOT NULL")
    if since:  # the trip ends on or after `since`...
        where.append("trip_end >= ?")
        args.append(since)
    if until:  # ...and starts on or before `until`
        where.append("trip_start <= ?")
        args.append(until)
    if f.country:
        key = fold(f.country)
        values = [r[0] for r in conn.execute("SELECT DISTINCT country FROM document_countries")]
        where.append("id IN (SELECT doc_id FROM document_countries "
                     "WHERE country IN (SELECT value FROM json_each(?)))")
        args.append(_matching(values, lambda v: bool(key) and key in fold(v)))
    if f.place:
        key = fold(f.place)
        test = lambda v: bool(key) and key in fold(v)  # noqa: E731
        places = [r[0] for r in conn.execute("SELECT DISTINCT place FROM document_places")]
        names = [n for r in conn.execute(
            "SELECT DISTINCT canonical, text FROM entities WHERE label IN ('GPE', 'LOC')") for n in r]
        where.append("(id IN (SELECT doc_id FROM document_places WHERE place IN "
                     "(SELECT value FROM json_each(?))) OR id IN (SELECT doc_id FROM entities "
                     "WHERE label IN ('GPE', 'LOC') AND (canonical IN (SELECT value FROM json_each(?)) "
                     "OR text IN (SELECT value FROM json_each(?)))))")
        hits = _matching(names, test)
        args += [_matching(places, test), hits, hits]
    if f.sector:
        pair = "label || char(31) || coalesce(nullif(name, ''), label)"
        pairs = [r[0] for r in conn.execute(
            f"SELECT DISTINCT {pair} FROM sectors WHERE assigned = 1 AND label != ''")]  # noqa: S608
        sector_hits = {p for p in pairs if _sector_match(f.sector, [tuple(p.split("\x1f"))])}
        # label IN (...) first: the sectors_label index finds the rows.
        where.append(f"id IN (SELECT doc_id FROM sectors WHERE assigned = 1 "  # noqa: S608
                     f"AND label IN (SELECT value FROM json_each(?)) "
                     f"AND {pair} IN (SELECT value FROM json_each(?)))")
        args += [json_list({p.split("\x1f")[0] for p in sector_hits}), json_list(sector_hits)]
    sql = "SELECT id FROM documents" + (" WHERE " + " AND ".join(where) if where else "")  # noqa: S608 - fixed SQL with ? placeholders
    ids = {r[0] for r in conn.execute(sql, args)}
    if f.visiting_agency:
        ids &= _visited_by(conn, f.visiting_agency)
    for name in f.entities:
        cids = resolve_entity(conn, name)
        ids &= {r[0] for r in conn.execute(
            "SELECT DISTINCT doc_id FROM entities WHERE canonical_id IN "
            "(SELECT value FROM json_each(?))", (json_list(cids),))}
    if f.text:
        ids &= matching_documents(conn, f.text)
    return ids


def _visited_by(conn: sqlite3.Connection, agency: str) -> set[str]:
    """Documents whose reporting agency (服務機關, an author's org or org + unit)
    contains ``agency`` (folded)."""
    key = fold(agency)
    if not key:
        return set()
    memo: dict[tuple[Any, ...], bool] = {}
    out = set()
    for doc_id, *names in conn.execute(
            "SELECT d.id, d.agency, p.org, p.unit FROM documents d "
            "LEFT JOIN people p ON p.doc_id = d.id AND p.source = 'cover'"):
        if tuple(names) not in memo:
            a, org, unit = names
            memo[tuple(names)] = _contains(agency, [a, org or a, (org or a or "") + (unit or "")])
        if memo[tuple(names)]:
            out.add(doc_id)
    return out


def select_documents(conn: sqlite3.Connection, filters: Filters | None = None,
                     docs: dict[str, DocInfo] | None = None) -> list[str]:
    """Ids of the documents matching ``filters``, sorted (``docs`` is not needed any
    more: the conditions are evaluated in SQL; kept for callers passing it)."""
    ids = selection(conn, filters or Filters())
    if ids is None:
        ids = {r[0] for r in conn.execute("SELECT id FROM documents")}
    return sorted(ids)


def json_list(values: Any) -> str:
    """A JSON array parameter for ``IN (SELECT value FROM json_each(?))``."""
    return json.dumps(sorted(values), ensure_ascii=False)


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
