"""Japanese family names before a unit's title (大谷|医学部長, 安藤|国際交流センター長, 別所|総領事).

Japanese lists of officials write the family name straight before a title that names the
officer's unit: 大谷医学部長 is Mr Ōtani, dean of the medical school. The models read the
family name and part of the unit as one name (大谷医学) or the unit as an organisation
(安藤国際交流センター). Here a family name of SudachiDict at the start of a list item, followed
by unit words and a listed title, is the person; the unit and title are his attributes (the
guidelines keep titles outside names). A person span that swallowed its title (別所総領事) is
cut before it.

Repairs ``unit_titles`` and ``org_person_titles`` of ``configs/ner.toml [japanese] repairs``.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from pipeline.ner.boundaries import ends_with_org_suffix
from pipeline.ner.ja_names import is_given_name, is_surname
from pipeline.ner.persons import person_rules
from pipeline.ner.spans import Span

# An item starts after a list separator, a space, a bracket, a line start or the particle は/に.
_ITEM_START = "、,，　 （(「\nはに"
# Characters of unit and field words (医学部, 国際交流センター, 研究科): words holding none of them
# before a title are taken for a given name (金|光|副会長, 稲葉|善治|社長), and a place word
# means the run is an organisation, not a family name (福井|県日中友好協会…会長).
_UNIT_CHARS = set("学際研究務業報術流策済療部課室局所院署科校センター")
_PLACE_CHARS = set("県縣都府市町村国")


@lru_cache(maxsize=1)
def _unit_title_re() -> re.Pattern[str]:
    """Unit words, then a title ending the run (matched after the family name)."""
    titles = person_rules().title_re.pattern
    return re.compile(rf"([\u4e00-\u9fff々\u30a1-\u30faー]{{0,14}}?)(?:{titles})(?![\u4e00-\u9fff])")


def _family_before_title(text: str, s: int) -> tuple[int, int]:
    """(end of a family name of 1-3 kanji at ``s``, start of the title after its unit words),
    or (0, 0). Of several readings the one with the longest title wins (陳|副学長, not the
    dictionary's surname 陳副 before 学長), then the longest name."""
    best: tuple[int, int, int] = (0, 0, 0)  # (title length, end of name, start of title)
    for n in (3, 2, 1):
        name = text[s:s + n]
        if len(name) == n and all("\u4e00" <= c <= "\u9fff" or c == "々" for c in name) and is_surname(name):
            m = _unit_title_re().match(text, s + n)
            unit = m.group(1) if m is not None else ""
            if m is not None and (not unit or (n > 1 and _UNIT_CHARS & set(unit) and not _PLACE_CHARS & set(unit))):
                title_len = m.end() - m.end(1)
                if title_len > best[0]:
                    best = (title_len, s + n, m.end(1))
    return best[1], best[2]


def unit_titles(text: str, spans: list[Span]) -> list[Span]:
    """PERSON spans of family names before a (unit) title at the start of a list item.

    The spans are indexed by start and end once, and the new persons replace what they overlap
    in one pass at the end: linear in the spans however many list items the line has."""
    persons_by_start: dict[int, list[Span]] = {}
    for o in spans:
        if o.label == "PERSON":
            persons_by_start.setdefault(o.start, []).append(o)
    other_starts = sorted(o.start for o in spans if o.label != "PERSON")
    new: list[Span] = []
    for s in [0] + [i + 1 for i, c in enumerate(text) if c in _ITEM_START]:
        e, title = _family_before_title(text, s)
        if not e or any(o.end == e for o in persons_by_start.get(s, [])):
            continue
        if any(o.end == title and (is_given_name(text[e:title]) or e == title) for o in persons_by_start.get(s, [])):
            continue  # the words before the title are the given name (山本|文雄|議長)
        k = bisect.bisect_right(other_starts, s)
        if k < len(other_starts) and other_starts[k] < title:
            continue  # a body of its own between name and title (稲葉善治|日本ロボット工業会|会長)
        new.append(Span(s, e, "PERSON", "persons", "rule", attrs={"ja": "unit_title"}))
    if not new:
        return spans
    taken = {i for n in new for i in range(n.start, n.end)}
    kept = [o for o in spans if not any(i in taken for i in range(o.start, o.end))]
    return sorted(kept + new, key=lambda x: x.start)


def org_person_titles(text: str, spans: list[Span]) -> list[Span]:
    """An organisation that ran over a person's family name into his title is the organisation
    and the person (福井県日中友好協会|酒井|会長, 福井銀行|伊東|会長, …人民政府|袁家軍|省長)."""
    out: list[Span] = []
    for o in spans:
        split = _org_then_family(text, o) if o.label == "ORG" and o.component != "evidence" else None
        if split is None:
            out.append(o)
            continue
        k, title = split
        out += [Span(o.start, k, "ORG", o.component, o.source, attrs=dict(o.attrs)),
                Span(k, title, "PERSON", "persons", "rule", attrs={"ja": "org_person_title"})]
    return out


def _org_then_family(text: str, o: Span) -> tuple[int, int] | None:
    """(start, end) of a family name of 1-3 kanji right after an organisation word inside
    ``o`` and right before a title that runs to or past the end of ``o``."""
    title_re = person_rules().title_re
    for t in range(max(o.start + 4, o.end - 3), o.end):
        m = title_re.match(text, t)
        if m is None or m.end() < o.end:
            continue
        for n in (3, 2, 1):
            k = t - n
            if k - o.start >= 3 and is_surname(text[k:t]) and ends_with_org_suffix(text[o.start:k]):
                return k, t
    return None
