"""Analyst queries over the corpus index: agencies, people, trips, co-occurrences.

Every function takes an open index connection (``Corpus.open_for_reading()``) and
returns a list of dataclass rows, deterministic and sorted; ``pipeline.query_output``
prints them as a table, JSON, JSON lines or CSV.

Entities are merged by their canonical id (``entities.canonical_id``): the NER stage
gives 東北經產局, 東北経済産業局 and 東北經濟產業局 one id, so they are one agency here.
Name conditions (``--country``, ``--org``, ``--entity``...) are compared in folded form
(:func:`pipeline.canonical.fold`), so any script spelling of a name matches.

Document filters (shared by all queries, see :class:`Filters`): ``country`` and
``place`` (cover fields; places also GPE/LOC entities), ``sector`` (an assigned
document sector, by label or name), ``since``/``until`` (trip dates: a trip matches
if it ends on or after ``since`` and starts on or before ``until``; ``2023`` and
``2023-10`` are accepted), ``visiting_agency`` (the reporting agency: the cover's
服務機關 and the authors' units), ``entities`` (each must be mentioned) and ``text``
(every full-text term must occur in the report).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from pipeline.canonical import canonical_id, fold
from pipeline.index import matching_documents
from pipeline.query_model import (
    AgencyRow,
    DocInfo,
    PairRow,
    PersonRow,
    QueryError,
    TripRow,
    labels_of,
    load_documents,
)

__all__ = ["AgencyRow", "Filters", "PairRow", "PersonRow", "QueryError", "TripRow",
           "agencies", "cooccur", "people", "resolve_entity", "select_documents", "trips"]

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
    rows = conn.execute(f"SELECT DISTINCT canonical_id, canonical, text FROM entities "  # noqa: S608
                        f"WHERE canonical_id IS NOT NULL{lab}", args).fetchall()
    found = {cid for cid, canon, text in rows if key in (fold(canon or ""), fold(text or ""))}
    rows = conn.execute(f"SELECT DISTINCT canonical_id, text FROM entity_mentions "  # noqa: S608
                        f"WHERE canonical_id IS NOT NULL{lab}", args).fetchall()
    found |= {cid for cid, text in rows if fold(text or "") == key}
    return found


def select_documents(conn: sqlite3.Connection, filters: Filters | None = None,
                     docs: dict[str, DocInfo] | None = None) -> list[str]:
    """Ids of the documents matching ``filters``, sorted."""
    f = filters or Filters()
    docs = load_documents(conn) if docs is None else docs
    since, until = _date_bound(f.since, False), _date_bound(f.until, True)
    if f.sector:
        _check_sector(conn, f.sector)
    places: dict[str, list[str]] = defaultdict(list)
    if f.place:
        for doc_id, canon, text in conn.execute(
                "SELECT doc_id, canonical, text FROM entities WHERE label IN ('GPE', 'LOC')"):
            places[doc_id] += [canon or "", text or ""]
    keep = []
    for d in docs.values():
        if f.country and not _contains(f.country, d.countries):
            continue
        if f.place and not _contains(f.place, d.places + places[d.id]):
            continue
        if f.sector and not _sector_match(f.sector, d.sectors):
            continue
        if (since or until) and d.start is None:
            continue
        if since and (d.end or d.start or "") < since:
            continue
        if until and (d.start or "") > until:
            continue
        if f.visiting_agency and not _contains(f.visiting_agency, d.visiting):
            continue
        keep.append(d.id)
    ids = set(keep)
    for name in f.entities:
        cids = resolve_entity(conn, name)
        ids &= {r[0] for r in conn.execute(
            "SELECT DISTINCT doc_id FROM entities WHERE canonical_id IN "
            "(SELECT value FROM json_each(?))", (_jlist(cids),))}
    if f.text:
        ids &= matching_documents(conn, f.text)
    return sorted(ids)


def _jlist(values: Any) -> str:
    """A JSON array parameter for ``IN (SELECT value FROM json_each(?))``."""
    return json.dumps(sorted(values), ensure_ascii=False)


def _pick_name(counts: Counter[str]) -> str:
    """The most used spelling; ties: the shorter, then the lexicographically first."""
    return min(counts, key=lambda n: (-counts[n], len(n), n))


def _dates(docs: list[DocInfo]) -> tuple[str | None, str | None]:
    starts = [d.start for d in docs if d.start]
    ends = [d.end or d.start for d in docs if d.end or d.start]
    return (min(starts) if starts else None, max(ends) if ends else None)  # type: ignore[type-var]


_SORTS = ("reports", "name", "first", "last")


def _sort(rows: list[Any], sort: str) -> list[Any]:
    """Rows in a deterministic order: most reports first (default), by name, or by
    first/last trip date (oldest first / newest first; undated rows last)."""
    if sort not in _SORTS:
        raise QueryError(f"sort must be one of {', '.join(_SORTS)}, not {sort!r}")
    out = sorted(rows, key=lambda r: (r.name, r.id))
    if sort == "reports":
        out.sort(key=lambda r: (-r.reports, -r.mentions))
    elif sort == "first":
        out.sort(key=lambda r: r.first_date or "9999")
    elif sort == "last":
        out.sort(key=lambda r: r.last_date or "", reverse=True)  # stable: names stay sorted
    return out


def _own(name: str, doc: DocInfo) -> bool:
    """True if ``name`` is the reporting agency of ``doc`` or a part of it (經濟部,
    經濟部工業局, 電子資訊組 for a report by 經濟部工業局電子資訊組)."""
    key = fold(name)
    return len(key) >= 2 and any(key in fold(v) for v in doc.visiting)


def agencies(conn: sqlite3.Connection, filters: Filters | None = None, *, label: str = "ORG",
             min_reports: int = 1, sort: str = "reports",
             exclude_own: bool = False) -> list[AgencyRow]:
    """Organisations (or entities of ``label``) across the matching reports, merged by
    canonical id, with report count, first/last trip date, countries, sectors, ids.
    ``exclude_own`` leaves out, in each report, the reporting agency itself and its
    parts (the visitors, not the visited)."""
    docs = load_documents(conn)
    ids = select_documents(conn, filters, docs)
    labels = labels_of(label)
    # "+label": look rows up by doc_id (entities_doc), not by label; with the label
    # index SQLite reads every ORG row of the corpus (2x slower on 1,000 documents).
    lab = "" if labels is None else f" AND +label IN ({','.join('?' * len(labels))})"
    rows = conn.execute(
        "SELECT canonical_id, label, canonical, text, count, doc_id FROM entities "  # noqa: S608
        f"WHERE canonical_id IS NOT NULL AND doc_id IN (SELECT value FROM json_each(?)){lab}",
        (_jlist(ids), *(labels or []))).fetchall()
    groups: dict[str, dict[str, Any]] = {}
    for cid, lbl, canon, text, count, doc_id in rows:
        if exclude_own and (_own(canon or "", docs[doc_id]) or _own(text or "", docs[doc_id])):
            continue
        g = groups.setdefault(cid, {"label": lbl, "canon": Counter(), "names": Counter(),
                                    "docs": set(), "mentions": 0})
        g["canon"][canon or text or cid] += count or 1
        g["names"][text or canon or cid] += count or 1
        g["docs"].add(doc_id)
        g["mentions"] += count or 0
    for cid, text, n in conn.execute(
            "SELECT canonical_id, text, count(*) FROM entity_mentions WHERE source = 'text' "
            "AND doc_id IN (SELECT value FROM json_each(?)) GROUP BY 1, 2", (_jlist(ids),)):
        if cid in groups and text:
            groups[cid]["names"][text] += 0  # every surface form, counted once above
    out = []
    for cid, g in groups.items():
        ds = [docs[i] for i in sorted(g["docs"])]
        if len(ds) < min_reports:
            continue
        first, last = _dates(ds)
        names: Counter[str] = g["names"]
        out.append(AgencyRow(
            id=cid, name=_pick_name(g["canon"]), label=g["label"], reports=len(ds),
            mentions=g["mentions"], first_date=first, last_date=last,
            countries=sorted({c for d in ds for c in d.countries}),
            sectors=sorted({lab_ for d in ds for lab_, _ in d.sectors}),
            names=sorted(names, key=lambda n: (-names[n], n)), doc_ids=[d.id for d in ds]))
    return _sort(out, sort)


def _org_forms(conn: sqlite3.Connection, org: str) -> set[str]:
    """Folded spellings of an organisation: the query and every name of the ORG
    entities it resolves to (so 東北經產局 also finds rows reading 東北経済産業局)."""
    forms = {fold(org)}
    cids = resolve_entity(conn, org, ["ORG"])
    if cids:
        q = "SELECT canonical, text FROM entities WHERE canonical_id IN (SELECT value FROM json_each(?))"
        for canon, text in conn.execute(q, (_jlist(cids),)):
            forms |= {fold(canon or ""), fold(text or "")}
        q = "SELECT DISTINCT text FROM entity_mentions WHERE canonical_id IN (SELECT value FROM json_each(?))"
        forms |= {fold(t or "") for (t,) in conn.execute(q, (_jlist(cids),))}
    return {f for f in forms if len(f) >= 2}


def people(conn: sqlite3.Connection, filters: Filters | None = None, *, org: str | None = None,
           name: str | None = None, min_reports: int = 1, sort: str = "reports") -> list[PersonRow]:
    """Persons with their titles, units and organisations over time, from cover
    authors, attendee tables and PERSON entities in the text; ``org`` keeps the
    persons who appear with that organisation (who was met there)."""
    docs = load_documents(conn)
    ids = select_documents(conn, filters, docs)
    jids = _jlist(ids)
    by_key: dict[str, str] = {}  # folded name -> canonical id of the PERSON entity
    ents = conn.execute(
        "SELECT canonical_id, canonical, text, doc_id, count, title, org, unit FROM entities "
        "WHERE label = 'PERSON' AND canonical_id IS NOT NULL "
        "AND doc_id IN (SELECT value FROM json_each(?)) ORDER BY doc_id, canonical_id",
        (jids,)).fetchall()
    for cid, canon, text, *_ in ents:
        for n in (canon, text):
            by_key.setdefault(fold(n or ""), cid)
    groups: dict[str, dict[str, Any]] = {}

    def group(pid: str) -> dict[str, Any]:
        return groups.setdefault(pid, {"names": Counter(), "roles": [], "docs": set(),
                                       "mentions": 0, "role_docs": set()})

    for doc_id, pname, title, unit, porg, source in conn.execute(
            "SELECT doc_id, name, title, unit, org, source FROM people "
            "WHERE doc_id IN (SELECT value FROM json_each(?)) ORDER BY doc_id, source, idx", (jids,)):
        key = fold(pname or "")
        if not key:
            continue
        g = group(by_key.get(key) or canonical_id("PERSON", key))
        g["names"][pname] += 1
        g["docs"].add(doc_id)
        g["role_docs"].add(doc_id)
        g["roles"].append({"doc_id": doc_id, "date": docs[doc_id].start, "title": title,
                           "unit": unit, "org": porg, "source": source})
    for cid, canon, text, doc_id, count, title, eorg, unit in ents:
        g = group(cid)
        g["names"][canon or text] += 0
        g["docs"].add(doc_id)
        g["mentions"] += count or 0
        if doc_id not in g["role_docs"] and (title or eorg or unit):
            g["roles"].append({"doc_id": doc_id, "date": docs[doc_id].start, "title": title,
                               "unit": unit, "org": eorg, "source": "text"})
    forms = _org_forms(conn, org) if org else set()
    key_name = fold(name) if name else ""
    out = []
    for pid, g in groups.items():
        display = _pick_name(g["names"])
        if key_name and key_name not in fold(display):
            continue
        roles = sorted(_dedupe_roles(g["roles"]),
                       key=lambda r: (r["date"] or "9999", r["doc_id"], r["source"]))
        if forms and not any(f in fold((r["org"] or "") + (r["unit"] or "")) for r in roles
                             for f in forms):
            continue
        ds = [docs[i] for i in sorted(g["docs"])]
        if len(ds) < min_reports:
            continue
        first, last = _dates(ds)
        out.append(PersonRow(
            id=pid, name=display, titles=_ordered(r["title"] for r in roles),
            orgs=_ordered(r["org"] or r["unit"] for r in roles),
            units=_ordered(r["unit"] for r in roles), reports=len(ds), mentions=g["mentions"],
            first_date=first, last_date=last, doc_ids=[d.id for d in ds], roles=roles))
    return _sort(out, sort)


def _dedupe_roles(roles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One role per (document, title, unit, org): a cover author listed again in the
    attendee table is one role (the cover's source wins: it sorts first)."""
    seen, out = set(), []
    for r in sorted(roles, key=lambda r: (r["doc_id"], r["source"])):
        key = (r["doc_id"], fold(r["title"] or ""), fold(r["unit"] or ""), fold(r["org"] or ""))
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _ordered(values: Any) -> list[str]:
    """Distinct non-empty values in first-seen order."""
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


def trips(conn: sqlite3.Connection, filters: Filters | None = None) -> list[TripRow]:
    """Reports matching the filters, by trip start date then id."""
    docs = load_documents(conn)
    out = [TripRow(id=d.id, title=d.title, start=d.start, end=d.end, agency=d.agency,
                   authors=[" ".join(x for x in (a["name"], a["title"]) if x) for a in d.authors],
                   countries=d.countries, places=d.places,
                   sectors=[lab for lab, _ in d.sectors], filename=d.filename)
           for d in (docs[i] for i in select_documents(conn, filters, docs))]
    return sorted(out, key=lambda r: (r.start or "9999", r.id))


def cooccur(conn: sqlite3.Connection, filters: Filters | None = None, *, label: str = "ORG",
            with_label: str | None = None, entity: str | None = None, within: str = "report",
            min_count: int = 1) -> list[PairRow]:
    """Pairs of entities found together in a report (``within="report"``) or a section
    (``"section"``), with how many reports/sections they share.  ``label`` and
    ``with_label`` pick each side's labels (``with_label`` defaults to ``label``);
    ``entity`` keeps the pairs that include it (it is then side ``a``)."""
    if within not in ("report", "section"):
        raise QueryError(f"within must be report or section, not {within!r}")
    ids = select_documents(conn, filters)
    la, lb = labels_of(label), labels_of(with_label or label)
    scope = "doc_id" if within == "report" else "doc_id || char(31) || coalesce(section, '')"
    table = "entities" if within == "report" else "entity_mentions"
    rows = conn.execute(
        f"SELECT DISTINCT {scope}, doc_id, canonical_id, label FROM {table} "  # noqa: S608
        "WHERE canonical_id IS NOT NULL AND doc_id IN (SELECT value FROM json_each(?))",
        (_jlist(ids),)).fetchall()
    names = _names(conn, ids)
    members: dict[str, set[tuple[str, str]]] = defaultdict(set)
    scope_doc: dict[str, str] = {}
    for key, doc_id, cid, lbl in rows:
        members[key].add((cid, lbl))
        scope_doc[key] = doc_id
    focus = resolve_entity(conn, entity) if entity else None
    if entity and not focus:
        return []
    pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    symmetric: set[tuple[str, str]] = set()
    for key, ents in members.items():
        for (x, xl), (y, yl) in combinations(sorted(ents), 2):
            if focus is not None:
                if x in focus and y not in focus and _has(lb, yl):
                    pair = (x, y)
                elif y in focus and x not in focus and _has(lb, xl):
                    pair = (y, x)
                else:
                    continue
            else:
                xy, yx = _has(la, xl) and _has(lb, yl), _has(la, yl) and _has(lb, xl)
                if not (xy or yx):
                    continue
                pair = (x, y) if xy else (y, x)
                if xy and yx:
                    symmetric.add(pair)
            pairs[pair].add(key)
    out = []
    for (a, b), keys in pairs.items():
        if len(keys) < min_count:
            continue
        if (a, b) in symmetric and (names[a][0], a) > (names[b][0], b):
            a, b = b, a
        out.append(PairRow(a_id=a, a_name=names[a][0], a_label=names[a][1], b_id=b,
                           b_name=names[b][0], b_label=names[b][1], count=len(keys),
                           doc_ids=sorted({scope_doc[k] for k in keys})))
    return sorted(out, key=lambda r: (-r.count, r.a_name, r.b_name, r.a_id, r.b_id))


def _has(labels: list[str] | None, label: str) -> bool:
    return labels is None or label in labels


def _names(conn: sqlite3.Connection, ids: list[str]) -> dict[str, tuple[str, str]]:
    """canonical id -> (display name, label) over the given documents."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[str, str] = {}
    for cid, lbl, canon, text, count in conn.execute(
            "SELECT canonical_id, label, canonical, text, count FROM entities "
            "WHERE doc_id IN (SELECT value FROM json_each(?))", (_jlist(ids),)):
        counts[cid][canon or text or cid] += count or 1
        labels[cid] = lbl
    return {cid: (_pick_name(c), labels[cid]) for cid, c in counts.items()}
