"""Boundary repairs of organisation spans, by jieba's dictionary words, and the word helpers
that every boundary repair shares (:mod:`pipeline.ner.person_bounds`,
:mod:`pipeline.ner.company_bounds`).

A model or a suffix rule often cuts a Chinese name inside a word (内蒙古龙源新能|源发展有限公司,
上海无|线通信研究中心, 日本国|家旅游局), lets an organisation run into the next clause
(工研院攜手產業技術總合研究所, 局長代表簽署) or writes a body and its unit as two spans.
These repairs look at the whole list of a text's spans, because a repair may absorb a
neighbouring span (the place that starts the name). They run before the per-span guards of
:mod:`pipeline.ner.guards` (``configs/ner.toml [guards] repairs``, registry in guards).

* ``fragments`` — an organisation whose first character ends a dictionary word that starts
  before it (能|源, 无|线, 国|家) is a fragment: it is extended left to the start of the
  name (through places, over name characters, up to a stop character or a function word).
  A company name whose head is one common word (电子股份有限公司, 顧問有限公司) takes the
  name that directly precedes it (欣旺达, 博智), even when the model called that a person.
* ``verb_joins`` — an organisation that contains a verb, preposition or conjunction right
  after an organisation suffix or a short company name's end (工研院|攜手|產業技術總合研究所,
  經濟部|暨|國際貿易署, 隧道股份|與|…有限公司, 集團|所屬|…有限公司) is two names; one that
  ends with a verb and no suffix (已簽署, 局長代表簽署) is a clause, dropped.
* ``units`` — two organisations written together are one name (立法院|外交及國防委員會).
* ``prefixes`` — a country that the name repeats (日本國|日中經濟發展中心) or a description of
  the company (半導體化材製造商|德山株式會社) is split off an organisation; never off a
  registered company name (中國中車股份有限公司: the country is part of it).

Cost: jieba tokenisation of a short window around each candidate boundary (cached).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from pipeline.ner.config import load_config
from pipeline.ner.gazetteer import Entry, Gazetteer, is_country
from pipeline.ner.rules import ends_with_org_suffix, ends_with_stop_word, noun_over_stop, org_rules, org_suffixes
from pipeline.ner.spans import Span
from pipeline.ner.words import FUNCTION_TAGS, tokens, word_start
from pipeline.text.chars import is_han, is_katakana
from pipeline.text.fold import fold_chars

TRUSTED = ("evidence", "gazetteer", "coref", "acronyms", "media")  # known names, resolved references, credited outlets stay
ABSORBED = ("GPE", "LOC")  # a place at the start of a name belongs to it (芜湖|天弋能源科技有限公司)
_MAX_NAME = 24  # never grow an organisation beyond this many characters


Owners = dict[int, Span]  # character position -> the span holding it (lookups in O(1): long lines)


def positions(spans: list[Span]) -> Owners:
    return {i: s for s in spans for i in range(s.start, s.end)}


def owner_at(owners: Mapping[int, Span], pos: int) -> Span | None:
    return owners.get(pos)


def _name_char(ch: str) -> bool:
    return is_han(ch) or is_katakana(ch)


def left_edge(text: str, spans: Mapping[int, Span], start: int, end: int) -> int | None:
    """Leftmost start of a name that must include ``start``: over places and name characters,
    up to a stop character, a stop word or another entity (None: the start is inside one)."""
    stops = org_rules().stop_chars
    holder = owner_at(spans, start)
    if holder is not None:
        if holder.label not in ABSORBED:
            return None
        start = holder.start
    j = start
    while j > 0 and end - j < _MAX_NAME:
        other = owner_at(spans, j - 1)
        if other is not None:
            if other.label not in ABSORBED:
                break
            j = other.start
            continue
        if text[j - 1] in stops and (ws := noun_over_stop(text, j, end, _MAX_NAME)) is not None:
            j = ws  # 乐友新|能|源材料(无锡)有限公司: the stop character is inside 新能源
            continue
        if not _name_char(text[j - 1]) or text[j - 1] in stops or ends_with_stop_word(text, j):
            break
        j -= 1
    # a verb or an adverb opening the run is not part of the name (阐述|上海无线通信研究中心)
    while j < start:
        head = tokens(text[j:start])
        if not head or not _function(head[0]):
            break
        j += len(head[0][0])
    return j if end - j <= _MAX_NAME else None


def _function(token: tuple[str, str]) -> bool:
    word, tag = token
    return tag.startswith(FUNCTION_TAGS) and not tag.startswith("vn") and not is_place_tag(tag)


def is_place_tag(tag: str) -> bool:
    """jieba tags place and organisation names ns/nt; never a function word."""
    return tag in ("ns", "nt", "nz", "j")


def _folded_longest_first(words: list[str]) -> tuple[str, ...]:
    """Configured words in their folded (Simplified) form, longest first. Every list here is
    matched against fold_chars text only, so the configured Traditional forms would never match."""
    return tuple(sorted({fold_chars(w) for w in words}, key=len, reverse=True))


@lru_cache(maxsize=1)
def _legal_suffixes() -> tuple[str, ...]:
    return _folded_longest_first(load_config()["guards"]["legal_suffixes"])


def _bare_company(text: str, span: Span) -> bool:
    """A company name whose head is at most one common word (电子股份有限公司, 顧問有限公司)."""
    surface = fold_chars(text[span.start:span.end])
    suffix = next((s for s in _legal_suffixes() if surface.endswith(s)), None)
    if suffix is None:
        return False
    head = surface[: -len(suffix)]
    return not head or (len(tokens(head)) == 1 and not is_place_tag(tokens(head)[0][1]))


def merged_org(span: Span, start: int) -> Span:
    return replace(span, start=start, label="ORG", canonical=None, key=None)


def _country_word(spans: Owners, ws: int, start: int, gaz: Gazetteer) -> bool:
    """jieba's word holds a whole country before the name (美國商務部): the country is a prefix
    that is split off (guidelines: 日本|經產省), not the start of a cut name."""
    place = owner_at(spans, ws)
    if place is None or place.start < ws or place.end != start or place.label != "GPE":
        return False
    entry = gaz.lookup(place.canonical or "") if place.key else None
    return place.attrs.get("country", False) or (entry is not None and is_country(entry))


def fragments(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """Extend organisation fragments to the whole name; absorb the places and names they start with."""
    owners = positions(spans)
    alive = {id(s) for s in spans}
    grown_spans: list[Span] = []
    for span in spans:
        if span.component in TRUSTED or span.label != "ORG" or id(span) not in alive:
            continue
        start: int | None = None
        ws = word_start(text, span.start)
        if ws < span.start and not _country_word(owners, ws, span.start, gaz):
            start = left_edge(text, owners, ws, span.end)
        elif _bare_company(text, span):
            prev = owner_at(owners, span.start - 1)
            if prev is not None and prev.end == span.start and prev.component not in TRUSTED:
                start = left_edge(text, owners, prev.start, span.end) if prev.label in ABSORBED else prev.start
        if start is None or start >= span.start:
            continue
        grown = merged_org(span, start)
        for pos in range(grown.start, grown.end):
            held = owners.get(pos)
            if held is not None and grown.start <= held.start and held.end <= grown.end:
                alive.discard(id(held))
            owners[pos] = grown
        alive.add(id(grown))
        grown_spans.append(grown)
    return sorted((s for s in spans + grown_spans if id(s) in alive), key=lambda s: s.start)


@lru_cache(maxsize=1)
def _joiners() -> frozenset[str]:
    g = load_config()["guards"]
    return frozenset(fold_chars(w) for w in g["joiners"])


def _ends_with_verb(surface: str, last_word: str, tag: str) -> bool:
    """The name's last word is a verb, not an organisation word (簽署, but not 組合 in 協同組合:
    署 inside the verb 簽署 is no suffix, 組合 is one)."""
    if len(last_word) < 2 or not tag.startswith(("v", "d")) or tag.startswith("vn"):
        return False
    folded = fold_chars(surface)
    return not any(folded.endswith(suf) and len(suf) >= len(last_word) for suf in org_suffixes())


@lru_cache(maxsize=1)
def _short_name_ends() -> tuple[str, ...]:
    return tuple(fold_chars(w) for w in load_config()["guards"].get("short_name_ends", []))


def _complete_name(surface: str) -> bool:
    """The part before a joiner is a whole name: it ends with an organisation suffix, or with a
    word that ends a listed company's short name (隧道股份, 复星控股: 股份有限公司 cut short)."""
    return ends_with_org_suffix(surface) or fold_chars(surface).endswith(_short_name_ends())


def _split_at_joiner(text: str, span: Span) -> list[Span] | None:
    """Two organisations joined by a verb or conjunction, or None when the span is one name."""
    at = span.start
    toks = tokens(text[span.start:span.end])
    for i, (word, _tag) in enumerate(toks[:-1]):
        at += len(word)
        nxt, _ = toks[i + 1]
        joiner = nxt in _joiners()
        rest = span.end - at - len(nxt)
        # a verb of joining (攜手, 旗下) needs no proof that a whole name ends before it
        complete = len(nxt) >= 2 or _complete_name(text[span.start:at])
        if joiner and at - span.start >= 2 and rest >= 2 and complete:
            left = replace(span, end=at, canonical=None, key=None)
            right = replace(span, start=at + len(nxt), canonical=None, key=None)
            return [left, right]
    return None


def _without_verb_end(text: str, span: Span) -> Span:
    """A name split off a joined pair loses a verb that ends it (…集团|签署: the clause goes on)."""
    toks = tokens(text[span.start:span.end])
    last_word, last_tag = toks[-1] if toks else ("", "")
    end = span.end - len(last_word)
    if len(toks) > 1 and _ends_with_verb(text[span.start:span.end], last_word, last_tag) \
            and _complete_name(text[span.start:end]):
        return replace(span, end=end, canonical=None, key=None)
    return span


def verb_joins(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """Split organisations joined by a verb or conjunction; drop ones that end in a verb."""
    out: list[Span] = []
    for span in spans:
        if span.component in TRUSTED or span.label != "ORG" or gaz.lookup(text[span.start:span.end]):
            out.append(span)
            continue
        parts = _split_at_joiner(text, span)
        if parts is not None:
            out += [_without_verb_end(text, p) for p in parts]
            continue
        toks = tokens(text[span.start:span.end])
        last_word, last_tag = toks[-1] if toks else ("", "")
        if len(toks) > 1 and _ends_with_verb(text[span.start:span.end], last_word, last_tag):
            continue  # 已簽署, 局長代表簽署: a clause, not a name
        out.append(span)
    return out


def units(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """Two organisations written together with nothing between them are one name: a body and its
    unit or branch (立法院|外交及國防委員會, IMEC|荷蘭分中心; guidelines: the longest name)."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        prev = out[-1] if out else None
        if prev is not None and prev.label == span.label == "ORG" and prev.end == span.start \
                and "evidence" not in (prev.component, span.component) and is_han(text[span.start]):
            out[-1] = replace(span, start=prev.start, component=span.component, canonical=None, key=None)
            continue
        out.append(span)
    return out


def _country_prefix(text: str, span: Span, gaz: Gazetteer) -> int:
    """Length of a country name that opens ``span`` and is repeated by the name after it
    (日本國|日中經濟發展中心, 韓國|韓中經濟文化協會): 0 if none."""
    surface = text[span.start:span.end]
    return gaz.longest_prefix(surface, 2, min(4, len(surface) - 3),
                              lambda n, entry: is_country(entry) and surface[n] == surface[0])


def _lies_in(place: Entry, country: Entry, gaz: Gazetteer) -> bool:
    """Whether a gazetteer place lies in a country (by its file, or its parent)."""
    files = load_config()["guards"].get("country_place_files", {})
    if any(place.source in names and gaz.lookup(name) is country for name, names in files.items()):
        return True
    return place.parent is not None and gaz.lookup(place.parent) is country


def _country_before_place(text: str, span: Span, gaz: Gazetteer) -> int:
    """Length of a country opening a name that goes on with one of the country's places
    (日本|東京女子醫科大學, 日本|近畿大學, 日本|宮城縣國際經濟振興協會): the writer abroad adds the
    country, the name does not hold it. Offices stationed elsewhere keep it (德國薩克森自由邦駐臺
    科技辦事處), and so do bodies of one country's place in another (日本陝西總商會). 0 if none."""
    surface = text[span.start:span.end]
    if "駐" in surface or "驻" in surface:
        return 0
    for n in (4, 3, 2):
        country = gaz.lookup(surface[:n])
        if country is None or not is_country(country):
            continue
        for k in range(min(5, len(surface) - n - 2), 1, -1):
            place = gaz.lookup(surface[n:n + k])
            if place is not None and place.label in ("GPE", "LOC") and _lies_in(place, country, gaz):
                return n
    return 0


@lru_cache(maxsize=1)
def _descriptors() -> tuple[str, ...]:
    return _folded_longest_first(load_config()["guards"].get("descriptors", []))


def _registered(text: str, span: Span) -> bool:
    """A registered company name keeps its country (中國中車股份有限公司) when
    ``[guards] keep_registered_country`` is on."""
    keep = load_config()["guards"].get("keep_registered_country", False)
    return bool(keep) and fold_chars(text[span.start:span.end]).endswith(_legal_suffixes())


def _foreign_company_country(text: str, span: Span, gaz: Gazetteer) -> int:
    """Length of a foreign country opening a company name (美國|應用材料公司, 日本|秀和株式会社,
    德国|格拉默集团): the company's own name does not hold it, as a domestic registered name
    does (中國中車股份有限公司; ``[guards] domestic_countries``). 0 if none."""
    surface = text[span.start:span.end]
    if not fold_chars(surface).endswith(_company_suffixes()):
        return 0
    for n in (4, 3, 2):
        entry = gaz.lookup(surface[:n])
        if entry is not None and is_country(entry) and len(surface) - n >= 4 \
                and fold_chars(surface[:n]) not in _domestic_countries():
            return n
    return 0


@lru_cache(maxsize=1)
def _domestic_countries() -> frozenset[str]:
    return frozenset(fold_chars(c) for c in load_config()["guards"].get("domestic_countries", []))


@lru_cache(maxsize=1)
def _company_suffixes() -> tuple[str, ...]:
    return _folded_longest_first(load_config()["guards"].get("foreign_company_suffixes", []))


def _known_org_opening(surface: str, country: int, gaz: Gazetteer) -> bool:
    """Whether a known organisation longer than the ``country`` characters opens ``surface``."""
    return gaz.longest_prefix(surface, country + 1, len(surface), lambda _k, entry: entry.label == "ORG") > 0


def prefixes(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """Split off what opens an organisation but is not its name: a country the name repeats
    (日本國|日中經濟發展中心 -> GPE + ORG) or one before a known body (日本|厚生勞動省), a
    description of the company (半導體化材製造商|德山株式會社)."""
    out: list[Span] = []
    for span in spans:
        if span.component in TRUSTED or span.label != "ORG":
            out.append(span)
            continue
        n = _foreign_company_country(text, span, gaz) or (0 if _registered(text, span) else (
            _country_prefix(text, span, gaz) or _country_before_place(text, span, gaz)
            or gaz.country_split(text[span.start:span.end])))
        if n and not _known_org_opening(text[span.start:span.end], n, gaz):
            # 中國中鐵|公司 keeps its country: a known name (a listed company) holds it
            out += [replace(span, end=span.start + n, label="GPE", canonical=None, key=None),
                    replace(span, start=span.start + n, canonical=None, key=None)]
            continue
        folded = fold_chars(text[span.start:span.end])
        cut = max((folded.rfind(d) + len(d) for d in _descriptors() if d in folded), default=0)
        if cut and ends_with_org_suffix(folded[cut:]) and len(folded) - cut >= 3 and folded[cut:] not in org_suffixes():
            span = replace(span, start=span.start + cut, canonical=None, key=None)
        out.append(span)
    return out
