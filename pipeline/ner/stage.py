"""The NER stage: components in configured order, precedence, coreference, entities.

Public API:

* :func:`annotate` — fill ``doc.entities`` from ``doc.blocks``, the cover
  (``doc.metadata``) and the attendee tables (``doc.people``).
* :func:`extract_entities` — the same on plain text (``tripreport ner``).

Each entity: ``{text, label, canonical, canonical_id, lang, count, mentions,
sources}`` (+ ``title``/``org``/``unit`` for people when known), one per
``(canonical_id, label)``; mention offsets index the block text.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from pipeline.text.fold import canonical_id, display_form, fold, fold_chars
from pipeline.document import Document
from pipeline.ner import coref
from pipeline.ner.config import load_config
from pipeline.ner.gazetteer import Gazetteer, is_country, load_gazetteer
from pipeline.ner.facilities import facility_spans, latin_org_spans
from pipeline.ner.industries import industry_spans
from pipeline.ner.models import model_spans
from pipeline.ner.persons import person_spans, untitled_spans
from pipeline.ner.rules import acronym_definitions, acronym_spans, org_spans, place_spans
from pipeline.ner.spans import Span, resolve
from pipeline.text.chars import has_cjk, join_cjk, sanitize


@dataclass
class Unit:
    """One text to annotate (a block, or a paragraph of plain text)."""

    text: str
    lang: str
    section: str | None = None
    page: int | None = None
    block: int | None = None
    offset: int = 0  # added to mention offsets (plain text: offset of the paragraph)
    where: dict[str, Any] | None = None  # a table cell: {"where": "table", "table", "row", "col"}


@dataclass
class Evidence:
    """A name known from the cover or an attendee table."""

    text: str
    label: str
    sources: set[str]  # table | cover
    canonical: str
    key: str
    attrs: dict[str, Any] = field(default_factory=dict)
    mentions: list[dict[str, Any]] = field(default_factory=list)  # table/cover rows


@dataclass
class Context:
    """Document-level knowledge the block components use."""

    evidence: list[Evidence] = field(default_factory=list)
    evidence_re: re.Pattern[str] | None = None
    self_refs: dict[str, tuple[str, str]] = field(default_factory=dict)
    present: set[str] = field(default_factory=set)  # keys of entities known present


def _canon(gaz: Gazetteer, name: str, label: str) -> tuple[str, str]:
    """(canonical display, folded key) of a name: the gazetteer entry's if it has one."""
    prefs = load_config()["gazetteer"]["canonical_lang"]
    entry = gaz.lookup(name)
    if entry is not None and entry.label == label:
        return entry.display(prefs), entry.key
    shown = display_form(name) if label == "PERSON" else join_cjk(display_form(name))
    return shown, fold(shown)


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

    def add(text: str | None, label: str, source: str, mention: dict[str, Any], **attrs: Any) -> None:
        text = join_cjk(text or "") if label != "PERSON" else " ".join((text or "").split())
        if len(text.replace(" ", "")) < 2 or len(text) > 60:
            return
        canonical, key = _canon(gaz, text, label)
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
    cover = {"section": None, "page": 1, "block": None, "start": None, "end": None, "where": "cover"}
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
    for p in doc.people:
        t = doc.tables[p.source_table] if p.source_table is not None and p.source_table < len(doc.tables) else None
        row = {
            "section": t.section if t else None,
            "page": t.page if t else None,
            "block": None, "start": None, "end": None,
            "where": "table", "table": p.source_table,
        }
        org = join_cjk(p.org or "")
        if org:
            add(org, "ORG", "table", row)
        add(p.name, "PERSON", "table", row, title=p.title, org=org or None, unit=join_cjk(p.unit or "") or None)
    ctx.evidence_re = _evidence_re(ctx.evidence)
    for ref, target in coref.self_ref_targets(chain).items():
        ctx.self_refs[ref] = _canon(gaz, target, "ORG")
    ctx.present = {e.key for e in ctx.evidence} | {k for _, k in ctx.self_refs.values()}
    for prefix in coref.agency_prefixes(chain):
        ctx.present.add(_canon(gaz, prefix, "ORG")[1])
    return ctx


def _evidence_spans(text: str, ctx: Context) -> list[Span]:
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


def _gazetteer_spans(text: str, gaz: Gazetteer) -> list[Span]:
    cfg = load_config()["gazetteer"]
    prefs, not_after = cfg["canonical_lang"], cfg.get("gpe_not_followed_by", "")
    bare = set(cfg.get("bare_files", []))
    out = []
    for m in gaz.scan(text):
        if m.entry.label == "GPE" and m.end < len(text) and text[m.end] in not_after:
            continue  # 日本人, ドイツ語: not the place
        component = "bare" if m.entry.source in bare else "gazetteer"
        span = Span(m.start, m.end, m.entry.label, component, "gazetteer", m.entry.display(prefs), m.entry.key)
        if is_country(m.entry):
            span.attrs["country"] = True
        if m.contextual:
            span.attrs["contextual"] = m.entry
        out.append(span)
    return out


def _is_place_name(surface: str, gaz: Gazetteer) -> bool:
    """A known place, alone or with its admin suffix (郡山 -> 郡山市): never a person's name."""
    for suffix in ("", "市", "縣", "県", "町", "區", "区"):
        entry = gaz.lookup(surface + suffix)
        if entry is not None and entry.label in ("GPE", "LOC"):
            return True
    return False


def _candidates(unit: Unit, ctx: Context, gaz: Gazetteer, model: list[Span]) -> list[Span]:
    """All components' candidates for one text, in configured order."""
    text, lang = unit.text, unit.lang
    spans: list[Span] = []
    for name in load_config()["pipeline"]["order"]:
        if name == "evidence":
            spans += _evidence_spans(text, ctx)
        elif name == "gazetteer":
            spans += _gazetteer_spans(text, gaz)
        elif name == "places":
            spans += place_spans(text, spans, lang)
        elif name == "facilities":
            spans += facility_spans(text, spans, lang)
        elif name == "persons":
            spans += person_spans(text, spans, lang)
        elif name == "model":
            spans += [s for s in model if not (s.label == "PERSON" and _is_place_name(text[s.start : s.end], gaz))]
        elif name == "orgs":
            spans += org_spans(text, spans, lang)
            spans += latin_org_spans(text, spans, lang)
            spans += untitled_spans(text, spans, lang)
        elif name == "industries":
            spans += industry_spans(text, spans, lang)
    spans += coref.self_ref_spans(text, ctx.self_refs)
    return coref.drop_non_entities(spans, text)


def _ancestors(entry: Any, gaz: Gazetteer) -> set[str]:
    keys: set[str] = set()
    for _ in range(6):
        parent = gaz.lookup(entry.parent) if entry.parent else None
        if parent is None or parent.key in keys:
            break
        keys.add(parent.key)
        entry = parent
    return keys


def _gazetteer_pieces(cands: list[Span]) -> tuple[list[int], list[Span]]:
    """Gazetteer candidates sorted by (start, longest first), with their starts (for bisect)."""
    pieces = sorted((c for c in cands if c.component == "gazetteer"), key=lambda c: (c.start, -c.length))
    return [c.start for c in pieces], pieces


def _canonical_by_tiling(span: Span, index: tuple[list[int], list[Span]], gaz: Gazetteer) -> None:
    """經濟部 + 工業局 + 電資組 / 日本 + 經產省: a rule span made only of gazetteer names
    takes the canonical form of its last (most specific) organisation."""
    starts, all_pieces = index
    lo, hi = bisect.bisect_left(starts, span.start), bisect.bisect_left(starts, span.end)
    pieces = [c for c in all_pieces[lo:hi] if c.end <= span.end]  # linear overall: no scan of all cands
    pos, chain = span.start, []
    for c in pieces:
        if c.start == pos:
            chain.append(c)
            pos = c.end
    if pos != span.end or len(chain) < 2 or chain[-1].label != "ORG":
        return
    last = gaz.lookup(chain[-1].canonical or "")
    if last is None:
        return
    allowed = _ancestors(last, gaz)
    if all(c.label == "GPE" or c.key in allowed for c in chain[:-1]):
        span.canonical, span.key = chain[-1].canonical, chain[-1].key
        span.attrs.pop("contextual", None)


def _key_of(span: Span, text: str, gaz: Gazetteer) -> tuple[str, str]:
    if span.key is not None and span.canonical is not None:
        return span.canonical, span.key
    return _canon(gaz, text[span.start : span.end], span.label)


def run(units: list[Unit], ctx: Context, gaz: Gazetteer | None = None) -> list[dict[str, Any]]:
    """Annotate texts and aggregate entities (one per canonical id and label)."""
    gaz = gaz or load_gazetteer()
    cfg = load_config()["pipeline"]
    rank = dict(cfg["rank"])
    extends = set(cfg["extends"])
    for u in units:
        u.text = sanitize(u.text)
    models: list[list[Span]] = [[] for _ in units]
    by_lang: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        if has_cjk(u.text):
            by_lang[u.lang].append(i)
    for lang, idx in by_lang.items():
        for i, spans in zip(idx, model_spans([units[i].text for i in idx], lang), strict=True):
            models[i] = spans
    cands = [_candidates(u, ctx, gaz, models[i]) for i, u in enumerate(units)]
    # Acronyms defined anywhere in the document: 台日產業合作推動辦公室(TJPO).
    defs: dict[str, tuple[str, str, str]] = {}
    for u, c in zip(units, cands, strict=True):
        for acr, span in acronym_definitions(u.text, resolve(c, rank, extends)).items():
            if span.attrs.get("contextual") is None:
                defs.setdefault(acr, (span.label, *_key_of(span, u.text, gaz)))
    final = [resolve(c + acronym_spans(u.text, defs), rank, extends) for u, c in zip(units, cands, strict=True)]
    for spans, c in zip(final, cands, strict=True):
        index = _gazetteer_pieces(c)
        for s in spans:
            if s.label == "ORG" and s.key is None and s.component in extends:
                _canonical_by_tiling(s, index, gaz)
    present = set(ctx.present)
    for spans in final:
        present |= {s.key for s in spans if s.key and "contextual" not in s.attrs}
    coref.resolve_contextual([s for spans in final for s in spans], gaz, present)
    people: dict[str, tuple[str, str | None]] = {
        e.key: (e.canonical, e.attrs.get("title")) for e in ctx.evidence if e.label == "PERSON"
    }
    for u, spans in zip(units, final, strict=True):
        for s in spans:
            if s.label == "PERSON" and "surname" not in s.attrs:
                shown, key = _key_of(s, u.text, gaz)
                people.setdefault(key, (shown, s.attrs.get("title")))
    final = [coref.resolve_surnames(spans, people) for spans in final]
    return _aggregate(units, final, ctx, gaz)


def _aggregate(units: list[Unit], final: list[list[Span]], ctx: Context, gaz: Gazetteer) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], dict[str, Any]] = {}

    def group(label: str, canonical: str, key: str) -> dict[str, Any]:
        g = groups.get((label, key))
        if g is None:
            g = groups[(label, key)] = {
                "label": label, "canonical": canonical, "key": key, "surfaces": Counter(),
                "langs": Counter(), "mentions": [], "sources": set(), "attrs": {},
            }
        return g

    for u, spans in zip(units, final, strict=True):
        for s in spans:
            surface = u.text[s.start : s.end]
            canonical, key = _key_of(s, u.text, gaz)
            g = group(s.label, canonical, key)
            # 鄒科長 resolved to 鄒宗勳: the bare surname is no surface form of the entity
            g["surfaces"][surface] += 0 if ("surname" in s.attrs or s.source == "coref") else 1
            g["langs"][u.lang] += 1
            g["sources"].add(s.source)
            g["sources"].update(s.attrs.get("also", ()))
            for k in ("title", "org", "unit"):
                if s.attrs.get(k):
                    g["attrs"].setdefault(k, s.attrs[k])
            g["mentions"].append({
                "section": u.section, "page": u.page, "block": u.block,
                "start": u.offset + s.start, "end": u.offset + s.end, **(u.where or {}),
            })
    for ev in ctx.evidence:
        g = group(ev.label, ev.canonical, ev.key)
        g["surfaces"][ev.text] += len(ev.mentions)
        g["sources"].update(ev.sources)
        for k, v in ev.attrs.items():
            if v:
                g["attrs"][k] = v  # table/cover evidence is the most reliable
        g["mentions"].extend(dict(m) for m in ev.mentions)
    out = []
    for (label, key), g in groups.items():
        surfaces: Counter[str] = g["surfaces"]
        text = max(surfaces, key=lambda t: (surfaces[t], len(t))) if surfaces else g["canonical"]
        ent: dict[str, Any] = {
            "text": text,
            "label": label,
            "canonical": g["canonical"],
            "canonical_id": canonical_id(label, key),
            "lang": g["langs"].most_common(1)[0][0] if g["langs"] else _guess_lang(text),
            "count": len(g["mentions"]),
            "mentions": g["mentions"],
            "sources": sorted(g["sources"]),
        }
        ent.update({k: v for k, v in g["attrs"].items() if k in ("title", "org", "unit")})
        out.append(ent)
    out.sort(key=lambda e: (-e["count"], e["label"], e["canonical"]))
    return out


def _guess_lang(text: str) -> str:
    """Language of a short text (falls back to a kana/Han test if the language stage is absent)."""
    try:
        from pipeline.extract.language import detect_language

        return detect_language(text)
    except Exception:  # noqa: BLE001 - the language module belongs to another stage
        if any("\u3040" <= c <= "\u30ff" for c in text):
            return "ja"
        return "zh-Hant" if has_cjk(text) else ("en" if text.isascii() else "und")


def annotate(doc: Document) -> None:
    """Fill ``doc.entities`` (the NER stage of ``pipeline.process``)."""
    gaz = load_gazetteer()
    ctx = build_context(doc, gaz)
    units = [
        Unit(b.text or "", b.lang or "und", b.section, b.page, i) for i, b in enumerate(doc.blocks)
    ]
    units += table_units(doc)
    doc.entities = run(units, ctx, gaz)
    doc.pipeline["ner"] = _provenance()


def table_units(doc: Document) -> list[Unit]:
    """Cells of tables that are not attendee tables (schedules: 松山→羽田機場), when the
    cell's text is not also in a block; attendee rows are evidence already."""
    with_people = {p.source_table for p in doc.people if p.source_table is not None}
    blocks = "\n".join(b.text or "" for b in doc.blocks)
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
                where = {"where": "table", "table": t_index, "row": r_index, "col": c_index}
                units.append(Unit(cell, _guess_lang(cell), t.section, t.page, None, 0, where))
    return units


def _provenance() -> dict[str, Any]:
    """Which statistical models the NER stage used in this process (name and version)."""
    from pipeline.ner import models

    used: dict[str, Any] = {"order": list(load_config()["pipeline"]["order"])}
    ja_loaded = models.ginza.cache_info().currsize or models.ja_small.cache_info().currsize
    zh_loaded = models.zh_model.cache_info().currsize
    for key, nlp in (("ja_model", models.ja_model()[0] if ja_loaded else None),
                     ("zh_model", models.zh_model() if zh_loaded else None)):
        used[key] = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}" if nlp else None
    return used


def extract_entities(text: str, lang: str | None = None) -> list[dict[str, Any]]:
    """Entities of plain text; ``lang`` (zh-Hant, zh-Hans, ja, en) or detected per paragraph.

    Each line is one unit (its language detected unless ``lang`` is given);
    mention offsets index ``text`` itself and ``block`` is the line number.
    """
    gaz = load_gazetteer()
    units = []
    for i, m in enumerate(re.finditer(r"[^\n]*", text or "")):
        line = m.group(0)
        if line.strip():
            units.append(Unit(line, lang or _guess_lang(line), None, None, None, m.start()))
    return run(units, Context(), gaz)
