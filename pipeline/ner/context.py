"""What the NER stage knows of a document outside its text blocks.

* :func:`build_context` — evidence from the cover (``doc.metadata``) and the attendee
  tables (``doc.people``), and the targets of 本局/本部 self-references;
* :func:`evidence_spans` — the mentions of that evidence in a unit's text;
* :func:`table_units` — the cells of the other tables, as units to annotate.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.annotations import Mention
from pipeline.document import Document
from pipeline.extract.cover_ja import host_organisations
from pipeline.extract.language import in_japanese, profile
from pipeline.ner import coref
from pipeline.ner.aggregate import canon, guess_lang
from pipeline.ner.gazetteer import Gazetteer
from pipeline.ner.spans import Span
from pipeline.ner.units import Context, Evidence, Unit
from pipeline.text.chars import has_cjk, join_cjk
from pipeline.text.fold import fold_chars


def _evidence_re(items: list[Evidence]) -> re.Pattern[str] | None:
    """One regex over folded text for all evidence names, spaces optional between characters."""
    keys = {"".join(fold_chars(e.text).split()) for e in items}
    keys = {k for k in keys if len(k) >= 2}
    if not keys:
        return None
    alts = [r"\s?".join(map(re.escape, k)) for k in sorted(keys, key=len, reverse=True)]
    return re.compile("|".join(alts))


def build_context(doc: Document, gaz: Gazetteer) -> Context:
    """Evidence from the cover and attendee tables; 本局/本部 targets from the agency."""
    ctx = Context()
    by_key: dict[tuple[str, str], Evidence] = {}

    def add(text: str | None, label: str, source: str, mention: Mention, **attrs: Any) -> None:
        text = join_cjk(text or "") if label != "PERSON" else " ".join((text or "").split())
        if len(text.replace(" ", "")) < 2 or len(text) > 60:
            return
        canonical, key = canon(gaz, text, label)
        ev = by_key.get((label, key))
        if ev is None:
            ev = by_key[(label, key)] = Evidence(text, label, set(), canonical, key)
            ctx.evidence.append(ev)
        ev.sources.add(source)
        for k, v in attrs.items():
            if v:
                ev.attrs.setdefault(k, v)
        ev.mentions.append(mention)

    meta = doc.metadata
    agency = join_cjk(meta.agency or "")
    cover = Mention(page=1, where="cover")
    if agency:
        add(agency, "ORG", "cover", cover)
    chain = agency
    for p in meta.authors:
        unit = join_cjk(p.unit or "")
        full_unit = unit if not agency or unit.startswith(agency) else agency + unit
        if unit:
            add(full_unit, "ORG", "cover", cover)
            if chain == agency:
                chain = full_unit
        add(p.name, "PERSON", "cover", cover, title=p.title, org=full_unit or agency or None)
    for host in host_organisations(meta):  # a Japanese form's 研修機関 / 受入機関
        add(host, "ORG", "cover", cover)
    for p in doc.people:
        t = doc.tables[p.source_table] if p.source_table is not None and p.source_table < len(doc.tables) else None
        row = Mention(section=t.section if t else None, page=t.page if t else None,
                      where="table", table=p.source_table)
        org = join_cjk(p.org or "")
        if org:
            add(org, "ORG", "table", row)
        add(p.name, "PERSON", "table", row, title=p.title, org=org or None, unit=join_cjk(p.unit or "") or None)
    ctx.evidence_re = _evidence_re(ctx.evidence)
    for ref, target in coref.self_ref_targets(chain).items():
        ctx.self_refs[ref] = canon(gaz, target, "ORG")
    ctx.present = {e.key for e in ctx.evidence} | {k for _, k in ctx.self_refs.values()}
    for prefix in coref.agency_prefixes(chain):
        ctx.present.add(canon(gaz, prefix, "ORG")[1])
    return ctx


def evidence_spans(text: str, ctx: Context) -> list[Span]:
    """Every mention in ``text`` of a name the cover or the attendee tables give (folded match)."""
    if ctx.evidence_re is None:
        return []
    index = {"".join(fold_chars(e.text).split()): e for e in ctx.evidence}
    out = []
    for m in ctx.evidence_re.finditer(fold_chars(text)):
        ev = index.get("".join(m.group(0).split()))
        if ev is not None:
            source = "table" if "table" in ev.sources else "cover"
            attrs = {**ev.attrs, "also": set(ev.sources)}
            out.append(Span(m.start(), m.end(), ev.label, "evidence", source, ev.canonical, ev.key, attrs))
    return out


def table_units(doc: Document) -> list[Unit]:
    """Cells of tables that are not attendee tables (schedules: 松山→羽田機場), when the
    cell's text is not also in a block; attendee rows are evidence already."""
    with_people = {p.source_table for p in doc.people if p.source_table is not None}
    blocks = "\n".join(b.text or "" for b in doc.blocks)
    languages = doc.pipeline.get("languages") or {}
    japanese_doc = bool(languages) and max(languages.items(), key=lambda kv: kv[1])[0] == "ja"
    units: list[Unit] = []
    for t_index, t in enumerate(doc.tables):
        if t_index in with_people or t.kind == "attendees":
            continue
        rows = [t.header, *t.rows] if t.header else list(t.rows)
        for r_index, row in enumerate(rows):
            for c_index, cell in enumerate(row):
                cell = (cell or "").strip()
                if not has_cjk(cell) and not any(ch.isalpha() for ch in cell):
                    continue
                if cell in blocks:
                    continue
                lang = guess_lang(cell)
                if japanese_doc:  # a kanji-only cell of a Japanese document is Japanese
                    lang = in_japanese(profile(cell), lang)
                units.append(Unit(cell, lang, t.section, t.page, None, 0, (t_index, r_index, c_index)))
    return units
