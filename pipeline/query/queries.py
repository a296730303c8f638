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

import json
import operator
import sqlite3
from collections import Counter, defaultdict
from itertools import combinations
from typing import Any

from pipeline.text.fold import canonical_id, fold
from pipeline.query.filters import (
    AgencyRow,
    DocInfo,
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

__all__ = ["AgencyRow", "Filters", "PairRow", "PersonRow", "QueryError", "TripRow",
           "agencies", "cooccur", "people", "resolve_entity", "select_documents", "trips"]

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
    if sort not in _SORTS:
        raise QueryError(f"sort must be one of {', '.join(_SORTS)}, not {sort!r}")
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
        if forms != _one_form(text):
            _add_forms(g["names"], forms)
    # Surface forms met in the text count as names (weight 0), excluded rows' too.
    for cid, forms in conn.execute(
            "SELECT canonical_id, forms FROM entities WHERE rowid IN "
            "(SELECT value FROM json_each(?))", (json_list(excluded),)):
        if cid in groups:
            _add_forms(groups[cid]["names"], forms)
    facts = _doc_facts(conn, ids)
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
            id=cid, name=_pick_name(g["canon"]), label=g["label"], reports=len(ds),
            mentions=g["mentions"], first_date=min(filter(None, starts), default=None),
            last_date=max(filter(None, ends), default=None),
            countries=_union(set(countries)), sectors=_union(set(sectors)),
            names=sorted(names, key=lambda n: (-names[n], n)), doc_ids=ds))
    return _sort(out, sort)


def _one_form(text: str | None) -> str:
    """``forms`` of an entity whose only surface form is its text (the usual case)."""
    return json.dumps([text] if text else [], ensure_ascii=False)


def _add_forms(names: Counter[str], forms: str | None) -> None:
    for form in json.loads(forms or "[]"):
        names[form] += 0


def _doc_facts(conn: sqlite3.Connection, ids: set[str] | None
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
                f"SELECT id, trip_start, trip_end, countries, sector_labels FROM documents{where}",
                args)}


def _union(sets: set[frozenset[str]]) -> list[str]:
    """Sorted distinct strings of some sets."""
    return sorted(frozenset().union(*sets))


def _org_forms(conn: sqlite3.Connection, org: str) -> set[str]:
    """Folded spellings of an organisation: the query and every name of the ORG
    entities it resolves to (so 東北經產局 also finds rows reading 東北経済産業局)."""
    forms = {fold(org)}
    cids = resolve_entity(conn, org, ["ORG"])
    if cids:
        q = "SELECT canonical, text FROM entities WHERE canonical_id IN (SELECT value FROM json_each(?))"
        for canon, text in conn.execute(q, (json_list(cids),)):
            forms |= {fold(canon or ""), fold(text or "")}
        q = "SELECT DISTINCT text FROM entity_mentions WHERE canonical_id IN (SELECT value FROM json_each(?))"
        forms |= {fold(t or "") for (t,) in conn.execute(q, (json_list(cids),))}
    return {f for f in forms if len(f) >= 2}


def people(conn: sqlite3.Connection, filters: Filters | None = None, *, org: str | None = None,
           name: str | None = None, min_reports: int = 1, sort: str = "reports") -> list[PersonRow]:
    """Persons with their titles, units and organisations over time, from cover
    authors, attendee tables and PERSON entities in the text; ``org`` keeps the
    persons who appear with that organisation (who was met there)."""
    ids = selection(conn, filters or Filters())
    sel, sel_args = ("", []) if ids is None else (
        " AND doc_id IN (SELECT value FROM json_each(?))", [json_list(ids)])
    forms = _org_forms(conn, org) if org else set()
    # With --org, only the persons with a role at that org are built (SQL finds them).
    wanted = _met_at(conn, sel, sel_args, forms) if forms else None
    if wanted is not None and not wanted:
        return []
    only = "" if wanted is None else " AND canonical_id IN (SELECT value FROM json_each(?))"
    ents = conn.execute(
        "SELECT canonical_id, canonical, text, doc_id, count, title, org, unit FROM entities "  # noqa: S608
        f"WHERE label = 'PERSON' AND canonical_id IS NOT NULL{sel}{only} "
        "ORDER BY doc_id, canonical_id",
        (*sel_args, *([] if wanted is None else [json_list(wanted)]))).fetchall()
    pid_of = _person_ids(conn, sel, sel_args, ents if wanted is None else None)
    people_rows = [r for r in conn.execute(
        f"SELECT doc_id, name, title, unit, org, source FROM people WHERE 1{sel} "  # noqa: S608
        "ORDER BY doc_id, source, idx", sel_args)
        if wanted is None or pid_of(r[1]) in wanted]
    docs = load_documents(conn, {r[3] for r in ents} | {r[0] for r in people_rows})
    groups: dict[str, dict[str, Any]] = {}

    def group(pid: str) -> dict[str, Any]:
        return groups.setdefault(pid, {"names": Counter(), "roles": [], "docs": set(),
                                       "mentions": 0, "role_docs": set()})

    for doc_id, pname, title, unit, porg, source in people_rows:
        pid = pid_of(pname)
        if pid is None:
            continue
        g = group(pid)
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


def _person_ids(conn: sqlite3.Connection, sel: str, sel_args: list[Any],
                ents: list[tuple[Any, ...]] | None = None) -> Any:
    """A function: person name -> person id (None for an empty name).  A name is the
    PERSON entity whose canonical form or text folds to it (the first by document id,
    then canonical id), else a canonical id made from the folded name.  With ``ents``
    (every PERSON row of the selection, in that order) the map is built from them;
    without, each name is looked up in SQL (entities_ckey/_tkey give the first row)."""
    memo: dict[str, str | None] = {}
    for cid, canon, text, *_ in ents or []:
        for n in (canon, text):
            memo.setdefault(fold(n or ""), cid)

    def first(column: str, key: str) -> tuple[str, str] | None:
        return conn.execute(
            f"SELECT doc_id, canonical_id FROM entities WHERE {column} = ? "  # noqa: S608
            f"AND label = 'PERSON' AND canonical_id IS NOT NULL{sel} "
            "ORDER BY doc_id, canonical_id LIMIT 1", (key, *sel_args)).fetchone()

    def pid_of(name: str | None) -> str | None:
        key = fold(name or "")
        if not key:
            return None
        if key not in memo:
            found = None if ents is not None else min(
                filter(None, (first("canonical_key", key), first("text_key", key))), default=None)
            memo[key] = found[1] if found else canonical_id("PERSON", key)
        return memo[key]

    return pid_of


def _met_at(conn: sqlite3.Connection, sel: str, sel_args: list[Any], forms: set[str]) -> set[str]:
    """Ids of the persons with a role (cover, attendee table or text) whose org + unit
    contains one of ``forms``: candidates for ``people --org``, checked exactly later."""
    memo: dict[tuple[Any, Any], bool] = {}

    def at(org: str | None, unit: str | None) -> bool:
        if (org, unit) not in memo:
            memo[org, unit] = any(f in fold((org or "") + (unit or "")) for f in forms)
        return memo[org, unit]

    pid_of = _person_ids(conn, sel, sel_args)
    out = {pid_of(n) for n, org, unit in conn.execute(
        f"SELECT name, org, unit FROM people WHERE 1{sel}", sel_args) if at(org, unit)}  # noqa: S608
    # Two ranges of the entities_role covering index (an OR would scan every PERSON).
    out |= {cid for cid, org, unit in conn.execute(
        "SELECT canonical_id, org, unit FROM entities WHERE label = 'PERSON' "  # noqa: S608
        f"AND org IS NOT NULL AND canonical_id IS NOT NULL{sel} UNION ALL "
        "SELECT canonical_id, org, unit FROM entities WHERE label = 'PERSON' AND org IS NULL "
        f"AND unit IS NOT NULL AND canonical_id IS NOT NULL{sel}", sel_args + sel_args)
        if at(org, unit)}
    return {p for p in out if p}


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
    return {cid: (_pick_name(c), labels[cid]) for cid, c in counts.items()}
