"""Precision guards on the NER stage's resolved spans: repair or drop what is not a name.

Each guard takes the text and one span and returns the span (possibly trimmed) or None
(dropped). They run in the order of ``configs/ner.toml [guards] enabled`` on the spans
of every component, after precedence resolution, so a model's span and a rule's span
are judged alike. Word lists are Traditional; their Simplified twins are added.

* ``lead_words`` — a name does not start with a meeting verb or a preposition
  (拜會|東北經產局, 據|日本機器人工業會, 晉見|賴): the span is trimmed after it.
* ``generic_orgs`` — an ORG made only of generic modifiers, place names and a generic
  head (該公司, 中國政府機構), a quantity (五家日本公司) or a delegation (經貿訪問團) is dropped;
  a delegation of a named body keeps the body (日中經濟協會|代表團).
* ``form_labels`` — a form's field label (氏名, 派遣国, 服務機關) or a bare title word
  is never a PERSON or ORG.
* ``places_as_orgs`` — an ORG that is only a place and its administrative suffix
  (广东省) is a GPE.

Cost: one pass over the spans, each guard O(length of the span).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache

from pipeline.ner.boundaries import TRUSTED, ends_with_org_suffix, fragments, prefixes, units, verb_joins
from pipeline.ner.company_bounds import country_subsidiaries, legal_forms, parent_units, unit_gaps
from pipeline.ner.config import load_config
from pipeline.ner.gazetteer import Gazetteer
from pipeline.ner.org_words import common_nps, glued_titles, lead_phrases
from pipeline.ner.person_bounds import person_edges, person_pairs
from pipeline.ner.persons import person_rules
from pipeline.ner.spans import Span
from pipeline.ner.words import tokens
from pipeline.text.fold import fold_chars, simplified_twin
from pipeline.text.patterns import alternation

Guard = Callable[[str, Span, Gazetteer], Span | None]
Repair = Callable[[str, list[Span], Gazetteer], list[Span]]
_NAMED = ("ORG", "PERSON")
_CLASSIFIERS = "家所個个間间座位名"  # counted organisations: 五家公司, 3所大學


def _with_twins(words: Iterable[str]) -> frozenset[str]:
    words = set(words)
    return frozenset(words | {t for w in words if (t := simplified_twin(w))})


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    g = load_config()["guards"]
    return {key: _with_twins(g[key]) for key in
            ("lead_words", "generic_heads", "generic_modifiers", "group_suffixes", "form_labels")}


@lru_cache(maxsize=1)
def _lead_re() -> re.Pattern[str]:
    g = load_config()["guards"]
    return re.compile(f"(?:{alternation(_lists()['lead_words'])})[{g['lead_particles']}]?")


def lead_words(text: str, span: Span, gaz: Gazetteer) -> Span | None:
    """Trim leading verbs and prepositions off a name (keeps at least two characters, or a
    surname: 晉見|賴 總統); a span that is only such a word is dropped (晉見)."""
    if span.label not in _NAMED:
        return span
    m = _lead_re().fullmatch(text, span.start, span.end)
    if m is not None and gaz.lookup(text[span.start:span.end]) is None:
        return None
    start = span.start
    while (m := _lead_re().match(text, start, span.end)) and _long_enough(text, span, m.end()):
        rest = text[m.end():span.end]
        if gaz.lookup(text[start:span.end]) is not None or not rest[0].strip() or _listed_start(text, start, m.end(), span.end, gaz):
            break  # a listed name that starts like a verb (和歌山, 由利本荘) stays whole
        if not _word_ends_at(text[start:span.end], m.end() - start):
            break  # the lead word is part of a longer word of the name (代表處教育組)
        start = m.end()
    return span if start == span.start else replace(span, start=start, canonical=None, key=None)


def _word_ends_at(text: str, offset: int) -> bool:
    """Whether a word of jieba's segmentation of ``text`` ends at ``offset``."""
    at = 0
    for word, _tag in tokens(text):
        at += len(word)
        if at >= offset:
            return at == offset
    return False


def _listed_start(text: str, start: int, word_end: int, end: int, gaz: Gazetteer) -> bool:
    """A listed name runs from ``start`` past the lead word (和歌山縣|商工觀光勞動部 starts with 和)."""
    return any(gaz.lookup(text[start:k]) is not None for k in range(word_end + 1, min(end, start + 8) + 1))


def _long_enough(text: str, span: Span, start: int) -> bool:
    """What is left after a trim is still a name: two characters, or a person's surname alone."""
    if span.end - start >= 2:
        return True
    return span.label == "PERSON" and span.end - start == 1 and text[start] in person_rules().surnames


def _is_generic_word_chain(words: str, gaz: Gazetteer, places: bool = True) -> bool:
    """Whether ``words`` is made only of generic modifiers (and, with ``places``, place names)."""
    mods = _lists()["generic_modifiers"]
    i = 0
    while i < len(words):
        for n in range(min(len(words) - i, 8), 0, -1):
            piece = words[i:i + n]
            entry = gaz.lookup(piece) if places else None
            if piece in mods or (entry is not None and entry.label == "GPE"):
                i += n
                break
        else:
            return False
    return True


def generic_orgs(text: str, span: Span, gaz: Gazetteer) -> Span | None:
    """Drop ORG spans that describe a kind of organisation, count them or name a delegation."""
    if span.label != "ORG":
        return span
    surface = text[span.start:span.end]
    lists = _lists()
    group = next((g for g in _folded_groups() if fold_chars(surface).endswith(g)), None)
    if group is not None:
        # 日中經濟協會|代表團: the delegation is no organisation, the body that sends it is
        rest = replace(span, end=span.end - len(group), canonical=None, key=None)
        return rest if rest.length >= 2 and ends_with_org_suffix(text[rest.start:rest.end]) else None
    quantity = load_config()["guards"]["quantity"]
    if surface[0] in quantity and len(surface) > 1 and surface[1] in _CLASSIFIERS:
        return None
    if span.start > 0 and text[span.start - 1] in quantity and surface[0] in _CLASSIFIERS:
        return None  # 一|家战略性投资上市公司: the count was cut off, the span still counts
    for head in lists["generic_heads"]:
        if not surface.endswith(head):
            continue
        # 日本政府 and 千葉縣政府 name a government; 兩地政府 and 該政府 do not.
        places = not head.endswith("政府")
        if _is_generic_word_chain(surface[: -len(head)], gaz, places) and (places or len(surface) > len(head)):
            return None
    return span


def form_labels(text: str, span: Span, gaz: Gazetteer) -> Span | None:
    """Drop a PERSON or ORG that is a form's field label or a bare title word."""
    if span.label in _NAMED and fold_chars(text[span.start:span.end]) in _folded_form_labels():
        return None
    return span


@lru_cache(maxsize=1)
def _folded_groups() -> tuple[str, ...]:
    # folded (Simplified) forms: 代表團 has no one-to-one twin, Simplified text writes 代表团
    return tuple(sorted({fold_chars(w) for w in _lists()["group_suffixes"]}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _folded_form_labels() -> frozenset[str]:
    return frozenset(fold_chars(w) for w in _lists()["form_labels"])


# A place name and its administrative suffix, with no character of an organisation's name
# in it: 通産省 and 商務省 are ministries, 市政府 a government.
_ADMIN_UNIT = re.compile(r"[^\W\d\sA-Za-z政務务產産業业商通部局會会院所社團团組组黨党府廳厅署處处]{1,4}"
                         r"(?:自治區|自治区|自治州|特別行政區|特别行政区|省|市|縣|县|州)")


def places_as_orgs(text: str, span: Span, gaz: Gazetteer) -> Span | None:
    """An ORG that is only a place name with its administrative suffix (广东省, 乌海市)
    is a GPE: the guidelines label a place standing for its government GPE; its 政府/廳
    would make it an ORG."""
    if span.label == "ORG" and _ADMIN_UNIT.fullmatch(text, span.start, span.end):
        return replace(span, label="GPE", canonical=None, key=None)
    return span


GUARDS: dict[str, Guard] = {"lead_words": lead_words, "generic_orgs": generic_orgs, "form_labels": form_labels,
                            "places_as_orgs": places_as_orgs, "lead_phrases": lead_phrases, "common_nps": common_nps,
                            "glued_titles": glued_titles}


REPAIRS: dict[str, Repair] = {
    "units": units, "prefixes": prefixes, "fragments": fragments, "verb_joins": verb_joins,
    "person_pairs": person_pairs, "person_edges": person_edges,
    "legal_forms": legal_forms, "unit_gaps": unit_gaps, "parent_units": parent_units,
    "country_subsidiaries": country_subsidiaries,
}


def apply_repairs(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """The spans after every list-level repair of ``configs/ner.toml [guards] repairs``, in order
    (:mod:`pipeline.ner.boundaries`, :mod:`pipeline.ner.person_bounds`)."""
    for name in load_config()["guards"].get("repairs", []):
        spans = REPAIRS[name](text, spans, gaz)
    return spans


def apply_guards(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """The spans that pass every enabled guard, repaired where a guard trims them."""
    enabled = [GUARDS[name] for name in load_config()["guards"]["enabled"]]
    spans = apply_repairs(text, spans, gaz)
    out = []
    for span in spans:
        if span.component in TRUSTED:
            out.append(span)
            continue
        kept: Span | None = span
        for guard in enabled:
            kept = guard(text, kept, gaz) if kept is not None else None
        if kept is not None:
            out.append(kept)
    return out
