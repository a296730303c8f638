"""Boundary repairs of person spans: two names in one span, names cut at a title, and a model's
person that is a piece of a place or of an organisation.

* ``person_pairs`` — two full Chinese names joined by a space (李世龙 范林华) are two persons.
* ``person_edges`` — a model's person that starts inside a word is an organisation after a
  place (苏州|市工商联), a piece of a place (波士|尼亞: dropped), or a name cut after its title
  (副知事大須|賀淑郎: grown back to the title, unless the gap ends the title: 秘書|長).

They run with the organisation repairs of :mod:`pipeline.ner.boundaries`, whose word helpers
they share (``configs/ner.toml [guards] repairs``).

Cost: jieba tokenisation of a short window around each person span (cached).
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.ner.boundaries import ABSORBED, TRUSTED, Owners, merged_org, owner_at, positions
from pipeline.ner.config import load_config
from pipeline.ner.gazetteer import Gazetteer
from pipeline.ner.persons import person_rules, title_ends_at
from pipeline.ner.rules import org_rules
from pipeline.ner.spans import Span
from pipeline.ner.words import FUNCTION_TAGS, word_at
from pipeline.text.chars import is_han
from pipeline.text.fold import fold_chars


def person_pairs(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """Split a PERSON span made of two full Chinese names separated by a space."""
    surnames = person_rules().surnames
    out: list[Span] = []
    for span in spans:
        parts = text[span.start:span.end].split()
        if span.label == "PERSON" and span.component not in TRUSTED and len(parts) == 2 and all(
            len(p) == 3 and all(map(is_han, p)) and (p[0] in surnames or fold_chars(p[0]) in surnames)
            for p in parts
        ):
            second = span.start + text[span.start:span.end].index(parts[1], len(parts[0]))
            out += [replace(span, end=span.start + 3, canonical=None, key=None),
                    replace(span, start=second, end=second + 3, canonical=None, key=None)]
            continue
        out.append(span)
    return out


def _after_title(text: str, start: int, spans: Owners) -> int:
    """Start of a name that a title directly precedes, when a model's person span begins one or
    two characters after that title (副知事大須|賀淑郎, 副知事難|波喬司); ``start`` otherwise."""
    title_re = person_rules().title_re
    for gap in (1, 2):
        g = start - gap
        if g <= 0 or not all(map(is_han, text[g:start])) or any(owner_at(spans, i) for i in range(g, start)):
            continue
        lo = max(0, g - 8)
        ends = {m.end() for m in title_re.finditer(text, lo, start)}
        # a title ends right before the gap, and none runs into it (秘書|長 is one title)
        # ...and the gap holds no dictionary word (秘書|長, 所長|助理 end or follow a title)
        words = all(word_at(text, i)[1] - word_at(text, i)[0] > 1 for i in range(g, start))
        if g in ends and not any(e > g for e in ends) and not words and text[g] not in person_rules().not_name:
            return g
    return start


def _single(text: str, pos: int) -> bool:
    """The character at ``pos`` is a Han character that jieba reads as a word of its own."""
    start, end, _tag = word_at(text, pos)
    return is_han(text[pos]) and end - start == 1


def _name_tail(text: str, span: Span, spans: Owners) -> int:
    """End of a name after a title that the model cut one or two characters short (董事長魏哲|家
    會談, 理事长张本|纪寻;): the following characters are single-character words up to a
    boundary (punctuation or a dictionary word); ``span.end`` otherwise."""
    if not title_ends_at(text, span.start, reach=8):
        return span.end
    stops = org_rules().stop_chars + person_rules().not_name
    end = span.end
    while end < len(text) and end - span.start < 4 and _single(text, end) and owner_at(spans, end) is None \
            and text[end] not in stops and not word_at(text, end)[2].startswith(FUNCTION_TAGS):
        end += 1
        if end >= len(text) or not is_han(text[end]) or not _single(text, end):
            return end  # a boundary: punctuation or a dictionary word (會談)
    return span.end


def _end_of_title_inside(text: str, span: Span) -> int:
    """Where the last title that ends inside the person's span ends, leaving a name of two or
    more characters (委員會|成員|施德曼, 部|長|德拉霍斯, 理事會|主席|莊錦鎮); else the start."""
    title_re = person_rules().title_re
    for end in range(span.end - 2, span.start, -1):
        if any(title_re.fullmatch(text, j, end) for j in range(max(0, span.start - 6), end - 1)):
            return end
    return span.start


def person_edges(text: str, spans: list[Span], gaz: Gazetteer) -> list[Span]:
    """A model's person that starts inside a word is a fragment: of an organisation after a place
    (苏州|市工商联 -> one ORG), of a place (波士|尼亞: dropped), or of a name after a title
    (副知事大須|賀淑郎: grown back to the title); one right after a title is none of these
    (理事長|遠藤信哉: jieba reads 長遠, 市长|孙志洋: 长孙), and one that holds the end of a title
    starts after it (委員會成員|施德曼)."""
    admin = load_config()["guards"]["admin_chars"]
    owners = positions(spans)
    dropped: set[int] = set()  # ids of places absorbed into an organisation
    out: list[Span] = []
    for span in spans:
        if span.component in TRUSTED or span.label != "PERSON" or not is_han(text[span.start]):
            out.append(span)
            continue
        if (cut := _end_of_title_inside(text, span)) > span.start:
            out.append(replace(span, start=cut, canonical=None, key=None))
            continue
        grown = _after_title(text, span.start, owners)
        if grown < span.start and span.end - grown <= person_rules().max_name:
            out.append(replace(span, start=grown, canonical=None, key=None))
            continue
        tail = _name_tail(text, span, owners) if span.length == 2 else span.end
        if tail > span.end:
            out.append(replace(span, end=tail, canonical=None, key=None))
            continue
        ws, _we, tag = word_at(text, span.start)
        # a title ending at the name starts it though jieba glues its last character to the name
        # (理事長|遠藤: 長遠, 市长|孙: 长孙), unless the title is part of a longer word (委员|会)
        after_title = ws == span.start - 1 and title_ends_at(text, span.start, reach=8)
        if ws >= span.start or tag.startswith("nr") or after_title:
            out.append(span)
            continue
        place = owner_at(owners, ws)  # else the person is dropped: a piece of a place (波士|尼亞)
        if place is not None and place.label in ABSORBED and text[span.start] in admin:
            dropped.add(id(place))
            out.append(merged_org(span, place.start))
    return sorted((s for s in out if id(s) not in dropped), key=lambda s: s.start)
