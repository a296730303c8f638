"""The NER stage: components in configured order, precedence, coreference, entities.

Public API:

* :func:`annotate` — fill ``doc.entities`` from ``doc.blocks``, the cover
  (``doc.metadata``) and the attendee tables (``doc.people``).
* :func:`extract_entities` — the same on plain text (``tripreport ner``).

Each entity is a :class:`pipeline.document.Entity` (text, label, canonical,
canonical_id, lang, count, mentions, sources; title/org/unit for people when
known), one per ``(canonical_id, label)``; mention offsets index the block text.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from pipeline.annotations import Entity, Mention
from pipeline.document import Document
from pipeline.errors import ResourceError
from pipeline.extract.cover_ja import host_organisations
from pipeline.extract.language import in_japanese, line_languages, profile
from pipeline.ner import coref, kanji_names, models
from pipeline.ner.acronyms import acronym_definitions, acronym_spans
from pipeline.ner.aggregate import aggregate, canon, guess_lang, key_of
from pipeline.ner.brands import brand_pass
from pipeline.ner.bylines import byline_spans
from pipeline.ner.config import load_config
from pipeline.ner.coordinated import coordinated_spans
from pipeline.ner.facilities import facility_spans
from pipeline.ner.gazetteer import Gazetteer, is_country, load_gazetteer
from pipeline.ner.guards import apply_guards
from pipeline.ner.industries import industry_spans
from pipeline.ner.japanese import filter_candidates, repair_japanese
from pipeline.ner.latin import latin_spans
from pipeline.ner.latin_forms import (
    document_latin_names,
    link_translations,
    lowercase_word,
    only_legal_forms,
    title_case_fragment,
)
from pipeline.ner.media import media_spans
from pipeline.ner.models import model_spans
from pipeline.ner.person_checks import check_model_persons, org_short_names
from pipeline.ner.persons import latin_person_spans, person_spans, untitled_spans
from pipeline.ner.places import named_after_place, place_spans
from pipeline.ner.rules import org_spans
from pipeline.ner.spans import Span, resolve
from pipeline.ner.title_tails import trim_title_tails
from pipeline.ner.units import Context, Evidence, Unit
from pipeline.text.chars import has_cjk, join_cjk, sanitize
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


def _gazetteer_spans(text: str, gaz: Gazetteer, lang: str) -> list[Span]:
    cfg = load_config()["gazetteer"]
    prefs, not_after = cfg["canonical_lang"], cfg.get("gpe_not_followed_by", "")
    bare = set(cfg.get("bare_files", []))
    # Chinese short forms are Japanese surnames as often as places (和田, 安慶名, 中山)
    skip = set(cfg.get("chinese_only_files", [])) if lang == "ja" else set()
    out = []
    for m in gaz.scan(text):
        if m.entry.source in skip:
            continue
        if m.entry.label == "GPE" and m.end < len(text) and text[m.end] in not_after:
            continue  # 日本人, ドイツ語: not the place
        if lowercase_word(text[m.start:m.end], m.entry) or title_case_fragment(text, m.start, m.end, m.entry):
            continue  # "begin" is no company Ｂｅｇｉｎ, nor Mark (Johnson) ＭＡＲＫ
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


def _model_spans_kept(u: Unit, gaz: Gazetteer, model: list[Span]) -> list[Span]:
    """The statistical model's spans, without PERSON spans that are known place names (郡山)."""
    kept = [s for s in model if not (s.label == "PERSON" and _is_place_name(u.text[s.start : s.end], gaz))]
    return check_model_persons(u.text, kept, u.lang)


def _person_like_spans(text: str, prior: list[Span], lang: str, model: list[Span]) -> list[Span]:
    spans = person_spans(text, prior, lang) + kanji_names.person_spans(text, prior, model, lang)
    spans += byline_spans(text, prior, lang)
    return spans + latin_person_spans(text, prior + spans, lang)


def _org_like_spans(text: str, prior: list[Span], lang: str) -> list[Span]:
    spans = org_spans(text, prior, lang) + (named_after_place(text, prior) if lang != "ja" else [])
    spans += media_spans(text, prior, lang) + coordinated_spans(text, prior, lang)
    return spans + untitled_spans(text, prior + spans, lang)


# The components ``configs/ner.toml [pipeline] order`` may name. Each gets the unit, the
# document context, the gazetteer, the model's spans for the unit and the spans found
# so far (components build on earlier ones), and returns its candidates.
Component = Callable[[Unit, Context, Gazetteer, list[Span], list[Span]], list[Span]]
COMPONENTS: dict[str, Component] = {
    "evidence": lambda u, ctx, gaz, model, prior: _evidence_spans(u.text, ctx),
    "gazetteer": lambda u, ctx, gaz, model, prior: _gazetteer_spans(u.text, gaz, u.lang),
    "places": lambda u, ctx, gaz, model, prior: place_spans(u.text, prior, u.lang),
    "facilities": lambda u, ctx, gaz, model, prior: facility_spans(u.text, prior, u.lang),
    "persons": lambda u, ctx, gaz, model, prior: _person_like_spans(u.text, prior, u.lang, model),
    "model": lambda u, ctx, gaz, model, prior: _model_spans_kept(u, gaz, model),
    "orgs": lambda u, ctx, gaz, model, prior: _org_like_spans(u.text, prior, u.lang),
    "latin": lambda u, ctx, gaz, model, prior: latin_spans(u.text, prior, u.lang),
    "industries": lambda u, ctx, gaz, model, prior: industry_spans(u.text, prior, u.lang),
}


def _candidates(unit: Unit, ctx: Context, gaz: Gazetteer, model: list[Span]) -> list[Span]:
    """All components' candidates for one text, in configured order."""
    spans: list[Span] = []
    for name in load_config()["pipeline"]["order"]:
        component = COMPONENTS.get(name)
        if component is None:
            raise ResourceError(f"configs/ner.toml [pipeline] order: unknown component {name!r} "
                                f"({', '.join(COMPONENTS)})")
        spans += component(unit, ctx, gaz, model, spans)
    spans += coref.self_ref_spans(unit.text, ctx.self_refs)
    return coref.drop_non_entities(spans, unit.text)


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


def run(units: list[Unit], ctx: Context, gaz: Gazetteer | None = None) -> list[Entity]:
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
    cands = [filter_candidates(u.text, c) if u.lang == "ja" else c for u, c in zip(units, cands, strict=True)]
    # Acronyms defined anywhere in the document: 台日產業合作推動辦公室(TJPO).
    defs: dict[str, tuple[str, str, str]] = {}
    pairs: list[tuple[str, Span]] = []
    named: dict[str, tuple[str, str, str]] = {}  # Latin brand names found once: every mention
    for u, c in zip(units, cands, strict=True):
        resolved = resolve(c, rank, extends)
        for acr, span in acronym_definitions(u.text, resolved, pairs).items():
            if span.attrs.get("contextual") is None and not only_legal_forms(acr):
                defs.setdefault(acr, (span.label, *key_of(span, u.text, gaz)))
        for name, span in document_latin_names(u.text, resolved).items():
            named.setdefault(name, (span.label, *key_of(span, u.text, gaz)))
    link_translations(pairs, defs)
    defs = {**named, **defs}
    final = [apply_guards(u.text, resolve(c + acronym_spans(u.text, defs), rank, extends), gaz)
             for u, c in zip(units, cands, strict=True)]
    final = [repair_japanese(u.text, spans) if u.lang == "ja" else spans
             for u, spans in zip(units, final, strict=True)]
    final = [trim_title_tails(u.text, spans) for u, spans in zip(units, final, strict=True)]
    final = brand_pass([u.text for u in units], [u.lang for u in units], final)
    final = org_short_names([u.text for u in units], final)
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
                shown, key = key_of(s, u.text, gaz)
                people.setdefault(key, (shown, s.attrs.get("title")))
    final = [coref.resolve_surnames(spans, people) for spans in final]
    return aggregate(units, final, ctx, gaz)


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


def _provenance() -> dict[str, Any]:
    """Which statistical models the NER stage used in this process (name and version)."""

    used: dict[str, Any] = {"order": list(load_config()["pipeline"]["order"])}
    ja_loaded = models.ginza.cache_info().currsize or models.ja_small.cache_info().currsize
    zh_loaded = models.zh_model.cache_info().currsize
    for key, nlp in (("ja_model", models.ja_model()[0] if ja_loaded else None),
                     ("zh_model", models.zh_model() if zh_loaded else None)):
        used[key] = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')} {nlp.meta.get('version')}" if nlp else None
    return used


def extract_entities(text: str, lang: str | None = None) -> list[Entity]:
    """Entities of plain text; ``lang`` (zh-Hant, zh-Hans, ja, en) or detected per paragraph.

    Each line is one unit (its language detected unless ``lang`` is given);
    mention offsets index ``text`` itself and ``block`` is the line number.
    """
    gaz = load_gazetteer()
    lines = [m for m in re.finditer(r"[^\n]*", text or "") if m.group(0).strip()]
    langs = [lang] * len(lines) if lang else line_languages([m.group(0) for m in lines])
    units = [Unit(m.group(0), lg, None, None, None, m.start()) for m, lg in zip(lines, langs, strict=True)]
    return run(units, Context(), gaz)
