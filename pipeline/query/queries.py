"""Analyst queries over the corpus index: agencies, people, trips, co-occurrences.

Every function takes an open index connection (``Corpus.open_for_reading()``) and
returns a list of dataclass rows, deterministic and sorted; ``pipeline.query.output``
prints them as a table, JSON, JSON lines or CSV.

Entities are merged by their canonical id (``entities.canonical_id``): the NER stage
gives 東北經產局, 東北経済産業局 and 東北經濟產業局 one id, so they are one agency here.
Name conditions (``--country``, ``--org``, ``--entity``...) are compared in folded form
(:func:`pipeline.text.fold.fold`), so any script spelling of a name matches.

Document filters (shared by all queries, see :class:`Filters`): ``country`` and
``place`` (cover fields; places also GPE/LOC entities), ``sector`` (an assigned
document sector, by label or name), ``since``/``until`` (trip dates: a trip matches
if it ends on or after ``since`` and starts on or before ``until``; ``2023`` and
``2023-10`` are accepted), ``visiting_agency`` (the reporting agency: the cover's
服務機關 and the authors' units), ``entities`` (each must be mentioned) and ``text``
(every full-text term must occur in the report).
"""

from __future__ import annotations

import operator
import sqlite3
from collections import Counter, defaultdict
from itertools import combinations
from typing import Any

from pipeline.query.common import SORTS, add_forms, doc_facts, one_form, pick_name, sort_rows, union_forms
from pipeline.query.filters import (
    AgencyRow,
    Filters,
    PairRow,
    PersonRow,
    QueryError,
    TripRow,
    json_list,
    labels_of,
    load_documents,
    own_name,
    resolve_entity,
    select_documents,
    selection,
)
from pipeline.query.people import people
from pipeline.text.fold import fold

__all__ = ["AgencyRow", "Filters", "PairRow", "PersonRow", "QueryError", "TripRow",
           "agencies", "cooccur", "people", "resolve_entity", "select_documents", "trips"]

def _own_rows(conn: sqlite3.Connection, ids: set[str] | None, lab: str,
              labels: list[str]) -> list[int]:
    """Rowids of the entity rows naming, in their report, the reporting agency itself
    or a part of it (:func:`pipeline.query.filters.own_name`)."""
    folded: dict[str, str] = {}  # fold() memo: few distinct agency/unit names
    visiting = {d.id: frozenset(k for k in (folded.get(v) or folded.setdefault(v, fold(v))
                                            for v in d.visiting) if k)
                for d in load_documents(conn, ids).values()}
    everyone = frozenset().union(*visiting.values())
    # Candidates first: the few distinct names (over the corpus: a superset) that are
    # own names of *some* report; the folded keys come in order from their indexes.
    keys: set[str] = set()
    for column, index in (("canonical_key", "entities_ckey"), ("text_key", "entities_tkey")):
        keys |= {r[0] for r in conn.execute(
            f"SELECT {column} FROM entities e INDEXED BY {index} "  # noqa: S608
            f"WHERE {column} > ''{lab} GROUP BY {column}", labels)}
    cand = json_list(k for k in keys if own_name(k, everyone))
    memo: dict[tuple[str, frozenset[str]], bool] = {}
    plus = lab.replace("e.label", "+e.label")

    def own(key: str | None, doc_id: str) -> bool:
        v = visiting.get(doc_id)
        if not key or v is None:
            return False
        if (key, v) not in memo:
            memo[key, v] = own_name(key, v)
        return memo[key, v]

    return [rowid for rowid, doc_id, ck, tk in conn.execute(
        # "+e.label": look the keys up (entities_ckey/_tkey), not every row of the label.
        f"SELECT e.rowid, doc_id, canonical_key, text_key FROM entities e "  # noqa: S608
        f"WHERE canonical_key IN (SELECT value FROM json_each(?)){plus} UNION "
        f"SELECT e.rowid, doc_id, canonical_key, text_key FROM entities e "
        f"WHERE text_key IN (SELECT value FROM json_each(?)){plus}",
        (cand, *labels, cand, *labels))
        if own(ck, doc_id) or own(tk, doc_id)]


def _entity_source(conn: sqlite3.Connection, ids: set[str] | None) -> tuple[str, list[Any]]:
    """FROM clause (alias ``e``) of the entity rows of the selected documents.  A few
    documents: their rows looked up by ``doc_id`` (CROSS JOIN keeps that order: a
    label scan would read every row of the corpus).  Many (over an eighth of the
    corpus): one scan of the covering index, each row's document checked against the
    selection (looking 400,000 rows up one by one is slower than reading them all)."""
    if ids is None:
        return "entities e", []
    if len(ids) * 8 > conn.execute("SELECT count(*) FROM documents").fetchone()[0]:
        # "+": the selection filters the scan instead of driving entities_doc lookups.
        return ("(SELECT * FROM entities WHERE +doc_id IN (SELECT value FROM json_each(?))) e",
                [json_list(ids)])
    return ("json_each(?) s CROSS JOIN entities e INDEXED BY entities_doc ON e.doc_id = s.value",
            [json_list(ids)])


def agencies(conn: sqlite3.Connection, filters: Filters | None = None, *, label: str = "ORG",
             min_reports: int = 1, sort: str = "reports",
             exclude_own: bool = False) -> list[AgencyRow]:
    """Organisations (or entities of ``label``) across the matching reports, merged by
    canonical id, with report count, first/last trip date, countries, sectors, ids.
    ``exclude_own`` leaves out, in each report, the reporting agency itself and its
    parts (the visitors, not the visited).

    One SQL pass over the ``entities_agg`` covering index groups the rows by canonical
    id and spelling; the per-document facts (dates, countries, sectors) are then
    gathered per group in Python from one read of ``documents`` (a join would cost a
    document lookup per entity row: 400,000 on 10,000 reports)."""
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
    ids = selection(conn, filters or Filters())
    labels = labels_of(label) or []
    lab = f" AND e.label IN ({','.join('?' * len(labels))})" if labels else ""
    source, src_args = _entity_source(conn, ids)
    where, args = f"e.canonical_id IS NOT NULL{lab}", [*src_args, *labels]
    excluded: list[int] = []
    if exclude_own:
        excluded = _own_rows(conn, ids, lab, labels)
        where += " AND e.rowid NOT IN (SELECT value FROM json_each(?))"
        args.append(json_list(excluded))
    groups: dict[str, dict[str, Any]] = {}
    for cid, canon, text, forms, lbl, weight, mentions, doc_ids in conn.execute(
            "SELECT e.canonical_id, e.canonical, e.text, e.forms, min(e.label), "  # noqa: S608
            "sum(CASE WHEN e.count IS NULL OR e.count = 0 THEN 1 ELSE e.count END), "
            "sum(coalesce(e.count, 0)), group_concat(e.doc_id) "
            f"FROM {source} WHERE {where} GROUP BY e.label, 1, 2, 3, 4", args):
        g = groups.get(cid)
        if g is None:
            g = groups[cid] = {"label": lbl, "canon": Counter(), "names": Counter(),
                               "docs": [], "mentions": 0}
        g["canon"][canon or text or cid] += weight
        g["names"][text or canon or cid] += weight
        g["docs"] += doc_ids.split(",")
        g["mentions"] += mentions
        if forms != one_form(text):
            add_forms(g["names"], forms)
    # Surface forms met in the text count as names (weight 0), excluded rows' too.
    for cid, forms in conn.execute(
            "SELECT canonical_id, forms FROM entities WHERE rowid IN "
            "(SELECT value FROM json_each(?))", (json_list(excluded),)):
        if cid in groups:
            add_forms(groups[cid]["names"], forms)
    return sort_rows(_agency_rows(groups, doc_facts(conn, ids), min_reports), sort)


def _agency_rows(groups: dict[str, dict[str, Any]], facts: dict[str, Any], min_reports: int) -> list[AgencyRow]:
    """One row per canonical id seen in at least ``min_reports`` reports."""
    out = []
    for cid, g in groups.items():
        ds = g["docs"]
        # One spelling: already sorted and distinct (entities_agg ends with doc_id), which
        # a linear check confirms; several spellings: merge.
        if not all(map(operator.lt, ds, ds[1:])):
            ds = sorted(set(ds))
        if len(ds) < min_reports:
            continue
        # One lookup per document, then the columns: (start, end, countries, sectors).
        starts, ends, countries, sectors = zip(*map(facts.__getitem__, ds))
        names: Counter[str] = g["names"]
        out.append(AgencyRow(
            id=cid, name=pick_name(g["canon"]), label=g["label"], reports=len(ds),
            mentions=g["mentions"], first_date=min(filter(None, starts), default=None),
            last_date=max(filter(None, ends), default=None),
            countries=union_forms(set(countries)), sectors=union_forms(set(sectors)),
            names=sorted(names, key=lambda n: (-names[n], n)), doc_ids=ds))
    return out


def trips(conn: sqlite3.Connection, filters: Filters | None = None) -> list[TripRow]:
    """Reports matching the filters, by trip start date then id."""
    docs = load_documents(conn, selection(conn, filters or Filters()))
    out = [TripRow(id=d.id, title=d.title, start=d.start, end=d.end, agency=d.agency,
                   authors=[" ".join(x for x in (a["name"], a["title"]) if x) for a in d.authors],
                   countries=d.countries, places=d.places,
                   sectors=[lab for lab, _ in d.sectors], filename=d.filename)
           for d in docs.values()]
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
        (json_list(ids),)).fetchall()
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
            "WHERE doc_id IN (SELECT value FROM json_each(?))", (json_list(ids),)):
        counts[cid][canon or text or cid] += count or 1
        labels[cid] = lbl
    return {cid: (pick_name(c), labels[cid]) for cid, c in counts.items()}
