"""The ``people`` query: who was met, with their titles, organisations and units over time.

A person is merged by canonical id across reports; ``org`` keeps the people met at an
organisation under any spelling or abbreviation the NER linked to it (see
:func:`pipeline.query.queries` for the shared filters).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Any

from pipeline.query.common import pick_name, sort_rows, trip_dates
from pipeline.query.filters import (
    DocInfo,
    Filters,
    PersonRow,
    json_list,
    load_documents,
    resolve_entity,
    selection,
)
from pipeline.text.fold import canonical_id, fold


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
    return sort_rows(_person_rows(groups, docs, forms, fold(name) if name else "", min_reports), sort)


def _person_rows(groups: dict[str, dict[str, Any]], docs: dict[str, DocInfo], forms: set[str],
                 key_name: str, min_reports: int) -> list[PersonRow]:
    """One row per person group that passes the name, organisation and report-count conditions."""
    out = []
    for pid, g in groups.items():
        display = pick_name(g["names"])
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
        first, last = trip_dates(ds)
        out.append(PersonRow(
            id=pid, name=display, titles=_ordered(r["title"] for r in roles),
            orgs=_ordered(r["org"] or r["unit"] for r in roles),
            units=_ordered(r["unit"] for r in roles), reports=len(ds), mentions=g["mentions"],
            first_date=first, last_date=last, doc_ids=[d.id for d in ds], roles=roles))
    return out


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
