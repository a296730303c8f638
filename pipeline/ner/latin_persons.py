"""Persons written in Latin letters, known by the shape of their name and its company.

Rules (``configs/ner.toml [latin] enabled``):

* ``person_pairs`` -- a name written twice, in Latin letters and in Chinese characters, one
  in brackets after the other: when one is a person (by another rule, or followed by an
  honorific such as 氏/先生), so is the other: ``Hsien-Kuey Kao(高仙桂)氏``,
  ``韓儒伯（Rupert Hammond-Chambers）``;
* ``person_reading`` -- a Chinese name followed by its kana reading and its romanisation in
  one bracket, the way Japanese profiles introduce foreign persons:
  ``周春米(しゅう・しゅんみー/Chou, Chun-mi)``: all three are the person;
* ``person_credit`` -- a person-shaped name after a photo credit (Photo by, Image credit:,
  撮影:, 攝影:);
* ``person_titled`` -- a person-shaped name followed by a title after up to six characters of
  its unit (Pornapit Darasawang国際担当副学長), or right after a title (總裁Sandra Watson);
* ``affiliation`` -- a Latin name in brackets right after a person is the person's body
  (Dr. Klaus Weber（Fraunhofer ISE）) when it is not a second spelling of the person: it
  holds a capitalised acronym after its first word or an organisation head.

A person-shaped name is two or three capitalised name parts, with hyphenated parts
(Hsien-Kuey, Chun-mi, Hammond-Chambers) and a family name in capitals (DINH Minh Hung);
inside a bracket pair or a reading also the comma-inverted ``Family, Given`` form.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.ner.config import load_config
from pipeline.ner.latin_forms import LatinRules, is_org_name
from pipeline.ner.persons import person_rules, title_ends_at
from pipeline.ner.spans import Span
from pipeline.text.patterns import alternation

_LOWER = "a-zà-öø-ÿā-ž'’"
_PART = rf"[A-Z][{_LOWER}]+(?:-[A-Za-z][{_LOWER}]+)*"
_CAPS = r"[A-Z]{2,}"
_NAME = rf"(?:{_PART}|{_CAPS})(?: (?:{_PART}|{_CAPS})){{1,2}}"
_INVERTED = rf"{_PART}, {_PART}"
_HAN = r"[\u4e00-\u9fff]{2,4}"
_KANA = r"[\u3041-\u30ff]+(?:[・･][\u3041-\u30ff]+)+"
_NOT_AFTER = rf"(?![A-Za-z{_LOWER}])"
_LATIN_THEN_HAN = re.compile(rf"({_NAME}|{_INVERTED})\s?[（(]({_HAN})[)）]")
_HAN_THEN_LATIN = re.compile(rf"({_HAN})\s?[（(]({_NAME}|{_INVERTED})[)）]")
_READING = re.compile(rf"({_HAN})[（(]({_KANA})\s?[/／]\s?({_NAME}|{_INVERTED})[)）]")


@lru_cache(maxsize=1)
def honorific_re() -> re.Pattern[str]:
    """The honorifics written after a person's name (``configs/ner.toml [latin] person_honorifics``)."""
    words = load_config()["latin"]["person_honorifics"]
    return re.compile(f"(?:{alternation(words)})")


@lru_cache(maxsize=1)
def _credit_re() -> re.Pattern[str]:
    cues = "|".join(load_config()["latin"]["credit_cues"])
    return re.compile(rf"(?:{cues})\s*[:：]?\s*({_NAME}){_NOT_AFTER}")


def _span(s: int, e: int, rule: str) -> Span:
    return Span(s, e, "PERSON", "latin", "rule", attrs={"rule": rule})


def _free(s: int, e: int, taken: list[Span]) -> bool:
    return not any(p.start < e and s < p.end for p in taken)


def _pairs(text: str, prior: list[Span], taken: list[Span]) -> list[Span]:
    """Latin(漢字) and 漢字(Latin) pairs of which one side is a person or an honorific follows."""
    persons = {(p.start, p.end) for p in prior if p.label == "PERSON"}
    honorific = honorific_re()
    out: list[Span] = []
    for pattern, latin_group in ((_LATIN_THEN_HAN, 1), (_HAN_THEN_LATIN, 2)):
        for m in pattern.finditer(text):
            han_group = 3 - latin_group
            han, latin = m.span(han_group), m.span(latin_group)
            if latin_group == 2 and han not in persons:
                # 州長李睿德(Brad Little): the run before the bracket may start with a title
                han = next(((a, b) for a, b in persons if b == han[1] and han[0] < a), han)
            if is_org_name(m.group(latin_group)) or (latin_group == 1 and m.start() > 0 and text[m.start() - 1].isalpha()
                                                     and text[m.start() - 1].isascii()):
                continue
            if han in persons or honorific.match(text, m.end()):
                for s, e in (latin, han):
                    if (s, e) not in persons and _free(s, e, taken):
                        out.append(_span(s, e, "person_pairs"))
    return out


def _readings(text: str, taken: list[Span]) -> list[Span]:
    """周春米(しゅう・しゅんみー/Chou, Chun-mi): the name, its reading and its romanisation."""
    out: list[Span] = []
    for m in _READING.finditer(text):
        for g in (1, 2, 3):
            if _free(*m.span(g), taken):
                out.append(_span(*m.span(g), "person_reading"))
    return out


def _credits(text: str, taken: list[Span]) -> list[Span]:
    out: list[Span] = []
    for m in _credit_re().finditer(text):
        if not is_org_name(m.group(1)) and _free(*m.span(1), taken):
            out.append(_span(*m.span(1), "person_credit"))
    return out


_AFFILIATION = re.compile(r"\s?[（(]\s?([A-Za-z][A-Za-z0-9&.'\- ]{1,60}?)\s?[)）]")


def _affiliations(text: str, prior: list[Span], taken: list[Span]) -> list[Span]:
    """ORG spans of Latin bodies in brackets after a person (see the module docstring)."""
    out: list[Span] = []
    for p in prior:
        if p.label != "PERSON" or (m := _AFFILIATION.match(text, p.end)) is None:
            continue
        words = m.group(1).split()
        acronym = any(re.fullmatch(r"[A-Z]{2,}[0-9]*", w) for w in words[1:])
        if (acronym or is_org_name(m.group(1))) and words[0][:1].isupper() and _free(*m.span(1), taken):
            out.append(Span(*m.span(1), "ORG", "latin", "rule", attrs={"rule": "affiliation"}))
    return out


_LATIN_BEFORE_TITLE = re.compile(rf"(?<![A-Za-z])({_NAME}){_NOT_AFTER}\s?")
# After a title a name may also be written without its space (首席运营官JochenHanebeck).
_LATIN_AFTER_TITLE = re.compile(rf"(?<![A-Za-z])({_NAME}|[A-Z][{_LOWER}]+[A-Z][{_LOWER}]+){_NOT_AFTER}")


def _titled(text: str, taken: list[Span]) -> list[Span]:
    """A person-shaped Latin name followed by a title, after up to six characters of its unit
    (Pornapit Darasawang国際担当副学長, John Smith教授), or right after one (首席运营官Jochen Hanebeck)."""
    title_re = person_rules().title_re
    out: list[Span] = []
    for m in _LATIN_BEFORE_TITLE.finditer(text):
        if is_org_name(m.group(1)) or not _free(*m.span(1), taken):
            continue
        k = m.end()
        if any(title_re.match(text, j) for j in range(k, min(len(text), k + 7))
               if all("\u4e00" <= c <= "\u9fff" for c in text[k:j])):
            out.append(_span(*m.span(1), "person_titled"))
    # a title outweighs the shape of a coined brand (JochenHanebeck)
    firm = [t for t in taken if t.attrs.get("rule") != "coined_word"]
    for m in _LATIN_AFTER_TITLE.finditer(text):
        title_end = m.start() - (text[m.start() - 1:m.start()] == " ")  # 總裁 Sandra Watson
        if m.start() > 0 and title_ends_at(text, title_end, reach=8) and not is_org_name(m.group(1)) \
                and _free(*m.span(1), firm + out):
            out.append(_span(*m.span(1), "person_titled"))
    return out


def latin_person_pairs(text: str, prior: list[Span], r: LatinRules) -> list[Span]:
    """PERSON spans of Latin-script names known by their pair, reading or credit, and ORG spans
    of the bodies in brackets after persons."""
    taken = [p for p in prior if p.label in ("ORG", "GPE", "LOC", "FAC", "INDUSTRY") and p.component != "model"]
    out: list[Span] = []
    if "person_pairs" in r.enabled:
        out += _pairs(text, prior, taken)
    if "person_reading" in r.enabled:
        out += _readings(text, taken + out)
    if "person_credit" in r.enabled:
        out += _credits(text, taken + out)
    if "person_titled" in r.enabled:
        out += _titled(text, taken + out)
    if "affiliation" in r.enabled:
        out += _affiliations(text, prior + out, taken + out)
    return out
