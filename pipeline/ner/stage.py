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

from pipeline.annotations import Entity
from pipeline.document import Document
from pipeline.errors import ResourceError
from pipeline.extract.language import line_languages
from pipeline.ner import coref, kanji_names, models
from pipeline.ner.acronyms import acronym_definitions, acronym_spans, hereafter_definitions
from pipeline.ner.affixes import repair_affixes
from pipeline.ner.aggregate import aggregate, key_of
from pipeline.ner.brands import brand_pass
from pipeline.ner.bylines import byline_spans
from pipeline.ner.config import load_config
from pipeline.ner.context import build_context, evidence_spans, table_units
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
from pipeline.ner.name_dict import common_loanword
from pipeline.ner.person_checks import bare_places_in_titled_persons, check_model_persons, org_short_names
from pipeline.ner.persons import latin_person_spans, person_spans, untitled_spans
from pipeline.ner.places import named_after_place, place_spans
from pipeline.ner.rules import ends_like_company, org_spans
from pipeline.ner.spans import Precedence, Span, resolve
from pipeline.ner.split_names import split_name_spans
from pipeline.ner.title_tails import trim_title_tails
from pipeline.ner.transliterated import transliterated_spans
from pipeline.ner.units import Context, Unit
from pipeline.ner.words import word_aligned
from pipeline.text.chars import has_cjk, sanitize


def _gazetteer_spans(text: str, gaz: Gazetteer, lang: str) -> list[Span]:
    cfg = load_config()["gazetteer"]
    prefs, not_after = cfg["canonical_lang"], cfg.get("gpe_not_followed_by", "")
    bare = set(cfg.get("bare_files", []))
    common_word_files = set(cfg.get("common_word_files", []))
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
        if m.entry.label == "ORG" and m.end - m.start == 2 and lang != "ja" and not word_aligned(text, m.start, m.end):
            continue  # a two-character short name read across words (台|商總|會) is not there
        if m.entry.source in common_word_files and common_loanword(text[m.start:m.end]):
            continue  # グローバル: a postal-code holder's name that is an ordinary word
        component = "bare" if m.entry.source in bare else "gazetteer"
        end = _country_word_end(text, m.start, m.end, lang, gaz)
        span = Span(m.start, end, m.entry.label, component, "gazetteer", m.entry.display(prefs), m.entry.key)
        if is_country(m.entry):
            span.attrs["country"] = True
        if m.contextual:
            span.attrs["contextual"] = m.entry
        out.append(span)
    return out


def _country_word_end(text: str, start: int, end: int, lang: str, gaz: Gazetteer) -> int:
    """Where a country written with 國 ends in Chinese text: 日本|國內, 日本|國際貿易促進協會 --
    the 國 opens the next word, and the country is its short name."""
    if lang != "ja" and end - start >= 3 and text[end - 1] in "國国" and not word_aligned(text, start, end) \
            and (short := gaz.lookup(text[start:end - 1])) is not None and is_country(short):
        return end - 1
    return end


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
    for s in kept:
        if s.label == "ORG" and ends_like_company(u.text[s.start : s.end]):
            s.attrs["whole_name"] = True  # it may take in the industry word it ends with (武田製藥)
    return check_model_persons(u.text, kept, u.lang)


def _person_like_spans(text: str, prior: list[Span], lang: str, model: list[Span]) -> list[Span]:
    named_at = frozenset(m.start for m in model if m.label == "PERSON")
    spans = person_spans(text, prior, lang, named_at) + kanji_names.person_spans(text, prior, model, lang, named_at)
    spans += byline_spans(text, prior, lang) + transliterated_spans(text, prior + spans, lang)
    spans += split_name_spans(text, prior, lang)
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
    "evidence": lambda u, ctx, gaz, model, prior: evidence_spans(u.text, ctx),
    "gazetteer": lambda u, ctx, gaz, model, prior: _gazetteer_spans(u.text, gaz, u.lang),
    "places": lambda u, ctx, gaz, model, prior: place_spans(u.text, prior, u.lang, model),
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
    spans = bare_places_in_titled_persons(unit.text, coref.drop_non_entities(spans, unit.text))
    return _for_language(CANDIDATE_FILTERS, unit, spans)


# Passes of one language's units (text and spans in, spans out): its candidates before
# precedence (Japanese: person candidates need a name morpheme, pipeline.ner.japanese) and
# its resolved spans after the guards (Japanese: configs/ner.toml [japanese] repairs).
LanguagePass = Callable[[str, list[Span]], list[Span]]
CANDIDATE_FILTERS: dict[str, LanguagePass] = {"ja": filter_candidates}
LANGUAGE_REPAIRS: dict[str, LanguagePass] = {"ja": repair_japanese}


def _for_language(passes: dict[str, LanguagePass], unit: Unit, spans: list[Span]) -> list[Span]:
    """``spans`` after the pass of the unit's language, if it has one."""
    step = passes.get(unit.lang)
    return step(unit.text, spans) if step is not None else spans


def _repaired(unit: Unit, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """One unit's resolved spans after the guards, its language's repairs, the affix repairs
    and the title tails."""
    spans = apply_guards(unit.text, spans, gaz)
    spans = _for_language(LANGUAGE_REPAIRS, unit, spans)
    spans = repair_affixes(unit.text, spans, unit.lang)
    return trim_title_tails(unit.text, spans)


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


def _model_spans_by_unit(units: list[Unit]) -> list[list[Span]]:
    """The statistical model's spans of every unit with CJK text, one batch per language."""
    spans_of: list[list[Span]] = [[] for _ in units]
    by_lang: dict[str, list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        if has_cjk(u.text):
            by_lang[u.lang].append(i)
    for lang, idx in by_lang.items():
        for i, spans in zip(idx, model_spans([units[i].text for i in idx], lang), strict=True):
            spans_of[i] = spans
    return spans_of


def _document_names(units: list[Unit], cands: list[list[Span]], precedence: Precedence,
                    gaz: Gazetteer) -> tuple[dict[str, tuple[str, str, str]], set[str]]:
    """Names defined once for the whole document, after a first resolution of every unit:
    acronyms (台日產業合作推動辦公室(TJPO)), short names (…LTD(以下、TROIS HK)) and Latin
    brand names (every mention), by surface; and the short names the text gives to what is
    no entity (…側索硬化症(以下、ALS)), which are then no entity anywhere."""
    defs: dict[str, tuple[str, str, str]] = {}
    pairs: list[tuple[str, Span]] = []
    named: dict[str, tuple[str, str, str]] = {}
    not_names: set[str] = set()
    for u, c in zip(units, cands, strict=True):
        resolved = resolve(c, precedence)
        for acr, span in acronym_definitions(u.text, resolved, pairs).items():
            if span.attrs.get("contextual") is None and not only_legal_forms(acr):
                defs.setdefault(acr, (span.label, *key_of(span, u.text, gaz)))
        short, nothing = hereafter_definitions(u.text, resolved)
        for name, span in short.items():
            if not _is_place_name(name, gaz):  # 国立台湾大学（台湾）: the bracket says where
                defs.setdefault(name, (span.label, *key_of(span, u.text, gaz)))
        not_names |= nothing
        for name, span in document_latin_names(u.text, resolved).items():
            named.setdefault(name, (span.label, *key_of(span, u.text, gaz)))
    link_translations(pairs, defs)
    return {**named, **defs}, not_names - defs.keys()


def _tile_canonicals(final: list[list[Span]], cands: list[list[Span]], extends: frozenset[str],
                     gaz: Gazetteer) -> None:
    """Rule organisations without a canonical form take one from the gazetteer names tiling them."""
    for spans, c in zip(final, cands, strict=True):
        index = _gazetteer_pieces(c)
        for s in spans:
            if s.label == "ORG" and s.key is None and s.component in extends:
                _canonical_by_tiling(s, index, gaz)


def _known_people(units: list[Unit], final: list[list[Span]], ctx: Context,
                  gaz: Gazetteer) -> dict[str, tuple[str, str | None]]:
    """Full names of the document's people (evidence first), by key: what a bare surname refers to."""
    people: dict[str, tuple[str, str | None]] = {
        e.key: (e.canonical, e.attrs.get("title")) for e in ctx.evidence if e.label == "PERSON"
    }
    for u, spans in zip(units, final, strict=True):
        for s in spans:
            if s.label == "PERSON" and "surname" not in s.attrs:
                shown, key = key_of(s, u.text, gaz)
                people.setdefault(key, (shown, s.attrs.get("title")))
    return people


def run(units: list[Unit], ctx: Context, gaz: Gazetteer | None = None) -> list[Entity]:
    """Annotate texts and aggregate entities (one per canonical id and label)."""
    gaz = gaz or load_gazetteer()
    cfg = load_config()["pipeline"]
    precedence = Precedence(dict(cfg["rank"]), frozenset(cfg["extends"]),
                            {name: frozenset(labels) for name, labels in cfg.get("absorbs", {}).items()})
    for u in units:
        u.text = sanitize(u.text)
    model = _model_spans_by_unit(units)
    cands = [_candidates(u, ctx, gaz, m) for u, m in zip(units, model, strict=True)]
    defs, not_names = _document_names(units, cands, precedence, gaz)
    cands = [[s for s in c if u.text[s.start:s.end] not in not_names] for u, c in zip(units, cands, strict=True)]
    final = [_repaired(u, resolve(c + acronym_spans(u.text, defs), precedence), gaz)
             for u, c in zip(units, cands, strict=True)]
    texts = [u.text for u in units]
    final = brand_pass(texts, [u.lang for u in units], final)
    final = org_short_names(texts, final)
    _tile_canonicals(final, cands, precedence.extends, gaz)
    present = set(ctx.present)
    for spans in final:
        present |= {s.key for s in spans if s.key and "contextual" not in s.attrs}
    coref.resolve_contextual([s for spans in final for s in spans], gaz, present)
    people = _known_people(units, final, ctx, gaz)
    final = [coref.resolve_surnames(spans, people, keep=u.lang.startswith("zh")) for u, spans in zip(units, final, strict=True)]
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
