"""News outlets named where news text credits its source.

News passages name the outlet that wrote or carried them in a few fixed places:
a source line (来源：共同网), a dateline at the start of a line or in brackets
(中评社北京11月21日电, 【大紀元2月26日報導】, (中央社台北26日電), 中国粉体网讯), a credit
in brackets (（安徽经济报融媒体记者 李明）, （中评社 林艶摄）) and a reported source
(据日本经济新闻报道, 《日本经济新闻》网站). The statistical models rarely read these as
organisations: outlet names have no organisation suffix (新唐人, 手机中国) or end in
words that are common nouns elsewhere (互联网, 通讯社). The context, not the name,
is the evidence, so every pattern here is anchored on it; a name only ending in
网/报 elsewhere in the text is left alone.

Switch: ``configs/ner.toml [media] enabled``; the context words are configured there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.ner.config import load_config
from pipeline.ner.spans import Span
from pipeline.text.patterns import alternation

# A name: no spaces, digits or punctuation; 2-16 characters.
_NAME = r"[^\s\d0-9０-９,，。.;；:：、|｜/／()（）【】《》〈〉「」『』\"“”]{2,16}?"
_LONG_NAME = _NAME.replace("{2,16}?", "{2,22}")
_DATE = r"\d{1,4}\s*[年/.\-]?\s*\d{0,2}\s*[月/.\-]?\s*\d{1,2}\s*日?"


@dataclass(frozen=True)
class MediaRules:
    """The compiled context patterns of :func:`media_spans`, one per place an outlet is credited."""

    source_re: re.Pattern[str]
    dateline_re: re.Pattern[str]
    credit_re: re.Pattern[str]
    reported_re: re.Pattern[str]
    title_re: re.Pattern[str]
    self_refs: frozenset[str]
    not_names: tuple[str, ...]


@lru_cache(maxsize=1)
def media_rules() -> MediaRules:
    """``configs/ner.toml [media]``, compiled."""
    m = load_config()["media"]
    ends, wire = alternation(m["outlet_ends"]), alternation(m["dateline_words"])
    short_ends = alternation(m["outlet_ends"] + m["reported_ends"])
    # Greedy up to the date: a place between name and date is cut off by _cut_place.
    head = rf"(?m)^[ 　]*[【(（]?[ 　]*({_LONG_NAME})[ 　]*"
    return MediaRules(
        source_re=re.compile(rf"(?:{alternation(m['source_labels'])})[ 　]*[:：][ 　]*({_NAME})(?=[\s,，、。;；)）]|$)"),
        dateline_re=re.compile(head + rf"(?:[/／][ 　]*(?=\d)|(?={_DATE}[ 　]*(?:{wire}))|(?=(?:讯|訊)[ 　:：]*[\d(（]))"),
        credit_re=re.compile(
            rf"[(（][ 　]*({_NAME})[ 　]*(?:{alternation(m['credit_words'])})"
            rf"|[(（][ 　]*({_NAME})[ 　]+[^\s()（）]{{2,4}}[ 　]*(?:摄|攝)[)）]"),
        reported_re=re.compile(rf"(?:据|據|根据|根據)[ 　]*({_NAME}(?:{short_ends}))[ 　]*(?:{alternation(m['report_verbs'])})"),
        title_re=re.compile(rf"《({_NAME})》(?=[ 　]*(?:[(（][^()（）]{{1,40}}[)）])?[ 　]*(?:{alternation(m['title_followers'])}))"
                            rf"|《({_NAME}(?:{ends}))》"),
        self_refs=frozenset(m["self_refs"]),
        not_names=tuple(m["not_names"]),
    )


def _cut_place(start: int, end: int, prior: list[Span]) -> int:
    """End of the outlet's name when a place found earlier closes it (中评社|北京)."""
    for s in prior:
        if s.label in ("GPE", "LOC") and start + 2 <= s.start < end and s.end >= end - 1:
            return s.start
    return end


def _name_ok(name: str, r: MediaRules) -> bool:
    """Not a self-reference (本报), a non-name (网络, 作者整理) or a lower-case Latin word;
    at most 12 characters (a longer run is a sentence, not a dateline)."""
    if len(name) < 2 or len(name) > 12 or name in r.self_refs or any(w in name for w in r.not_names):
        return False
    return not name.isascii() or (len(name) >= 3 and name[:1].isupper())


def media_spans(text: str, prior: list[Span], lang: str) -> list[Span]:
    """ORG spans of news outlets in source lines, datelines, credits and reported sources."""
    if not load_config().get("media", {}).get("enabled", False):
        return []
    r = media_rules()
    found: list[tuple[int, int]] = []
    for m in r.source_re.finditer(text):
        found.append(m.span(1))
    for m in r.dateline_re.finditer(text):
        found.append((m.start(1), _cut_place(m.start(1), m.end(1), prior)))
    for m in r.credit_re.finditer(text):
        g = 1 if m.group(1) else 2
        found.append((m.start(g), _cut_place(m.start(g), m.end(g), prior)))
    for pattern in (r.reported_re, r.title_re):
        for m in pattern.finditer(text):
            g = 1 if m.group(1) else 2
            found.append(m.span(g))
    out: list[Span] = []
    seen: set[tuple[int, int]] = set()
    for start, end in found:
        if (start, end) in seen or not _name_ok(text[start:end], r):
            continue
        seen.add((start, end))
        out.append(Span(start, end, "ORG", "media", "rule", attrs={"media": True}))
    return out
