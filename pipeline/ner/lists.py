"""Label consistency in Chinese enumerations of names (A、B、C以及D).

The items of one enumeration are names of one kind. The statistical model reads
transliterated foreign company names (three or four phonetic characters) as
persons; in a list where other items are organisations, or a list closed by a
word for companies (A、B等企业, 包括A、B在内的供应商) or opened by one (零部件供应商里，A、B;
这9家企业依次是：A、B), an item read as a person
with no title next to it is an organisation too. A list in which some person
has a title (张三市长、李四) is a list of people and is left alone.

Switch: ``list_labels`` in ``configs/ner.toml [brands] enabled``; the joiners,
company nouns and person nouns are configured there too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.ner.config import load_config
from pipeline.ner.enumerations import linked_runs
from pipeline.ner.persons import person_rules, title_ends_at
from pipeline.ner.spans import Span
from pipeline.text.chars import is_han
from pipeline.text.fold import fold_chars
from pipeline.text.patterns import alternation


@dataclass(frozen=True)
class ListRules:
    joiners: frozenset[str]
    closer_re: re.Pattern[str]
    place_closer_re: re.Pattern[str]
    opener_re: re.Pattern[str]
    max_gap: int


@lru_cache(maxsize=1)
def list_rules() -> ListRules:
    """``configs/ner.toml [brands]`` list settings, folded (Traditional = Simplified)."""
    b = load_config().get("brands", {})
    nouns = alternation(b.get("company_nouns", []), fold=fold_chars)
    people = "".join(sorted({fold_chars(c) for c in b.get("company_nouns_not_followed_by", "")}))
    closers = alternation(b.get("list_closers", []), fold=fold_chars)
    # 等全球著名品牌 / 在内的零部件企业: a closer, a few modifier characters, a company noun
    # that does not start a word for people (企业家, 公司高层).
    pattern = rf"(?:{closers})[^\s，,。；;：:、]{{0,6}}?(?:{nouns})(?![{re.escape(people)}])" if nouns and closers else r"(?!)"
    openers = alternation(b.get("list_openers", []), fold=fold_chars)
    # 零部件供应商里，A、B / 这9家企业依次是：A、B -- a company noun, a few words of the same
    # clause, an opener, then the first item.
    opening = rf"(?:{nouns})(?![{re.escape(people)}])[^。；;！!？?\n]{{0,12}}?(?:{openers})[ ,，:：]*(\w{{0,2}})$"
    return ListRules(
        joiners=frozenset(fold_chars(j) for j in b.get("list_joiners", [])),
        closer_re=re.compile(pattern),
        # For places: no word for a kind of place or 的 between closer and noun (等城市的企业).
        place_closer_re=re.compile(rf"(?:{closers})[^\s，,。；;：:、的地城市省国區区县州]{{0,4}}?(?:{nouns})(?![{re.escape(people)}])"),
        opener_re=re.compile(opening),
        max_gap=int(b.get("list_item_gap", 2)),
    )


def _link(text: str, a: Span, b: Span) -> int | None:
    """Start of item ``b`` when spans ``a`` and ``b`` are consecutive items of one list
    (only a joiner between them), else None. A PERSON ``b`` may have up to ``list_item_gap``
    Han characters before it in its item (X、有Y: the model read only the end of a name)."""
    r = list_rules()
    gap = fold_chars(text[a.end : b.start]).strip()
    if a.label == "PERSON" and (t := person_rules().title_re.match(gap)) is not None:
        gap = gap[t.end() :].strip()  # 王大明市长、李小华: the title is the first item's
    if gap in r.joiners:
        return b.start
    if b.label != "PERSON":
        return None
    joiner_chars = "".join(r.joiners)
    for j in sorted(r.joiners, key=len, reverse=True):
        rest = gap[len(j) :]
        if gap.startswith(j) and 0 < len(rest) <= r.max_gap and all(is_han(c) and c not in joiner_chars for c in rest):
            return b.start - len(rest)
    return None


def enumerations(text: str, spans: list[Span]) -> list[list[tuple[int, Span]]]:
    """Enumerations: runs of spans joined by list joiners, each item as (item start, span)."""

    def link(prev: Span, nxt: Span) -> tuple[int, Span] | None:
        start = _link(text, prev, nxt)
        return None if start is None else (start, nxt)

    return linked_runs(sorted(spans, key=lambda s: s.start), link, lambda s: (s.start, s))


def _titled(text: str, s: Span) -> bool:
    """A title is attached to the PERSON span, or written right after or before it."""
    if s.attrs.get("title") or s.component == "evidence":
        return True
    title_re = person_rules().title_re
    after = text[s.end:s.end + 12]  # a window, not the whole line folded per span (long lines)
    if title_re.match(fold_chars(after)) or title_re.match(after):
        return True
    return title_ends_at(text, s.start, reach=6)


def _item_ends_at(text: str, pos: int) -> bool:
    """A list item ends at ``pos``: a joiner, 等, punctuation or the end follows, not a name."""
    nxt = text[pos:pos + 1]
    return not nxt or not is_han(nxt) or nxt in "、和及與与等"


def list_label_spans(text: str, spans: list[Span]) -> list[Span]:
    """ORG spans for the items of enumerations that list organisations.

    Untitled PERSON items turn when at least one other item is an ORG, the list is closed by
    等/在内的 + a company noun, or opened by a company noun and an opener in the same clause
    (供应商里，A、B). A city read as a place (川崎 for 川崎重工) turns only in a list closed or
    opened by a company noun (等全球著名品牌, not 等城市的企业), or as a city's bare short name
    among more companies: places and companies are listed together too (与松下、大阪府合作).
    """
    out: list[Span] = []
    folded = fold_chars(text)
    for chain in enumerations(text, spans):
        persons = [(start, s) for start, s in chain if s.label == "PERSON"]
        # A place is an item only when the item ends with it (安徽|中鼎密封件 is a longer name).
        places = [(start, s) for start, s in chain if s.label == "GPE" and not s.attrs.get("country")
                  and _item_ends_at(text, s.end)]
        if not (persons or places) or any(_titled(text, s) for _, s in persons):
            continue
        has_org = any(s.label == "ORG" for _, s in chain)
        closed = list_rules().closer_re.match(folded, chain[-1][1].end) is not None
        first = chain[0][0]
        window = folded[max(0, first - 24):first]
        opening = list_rules().opener_re.search(window)
        turned = persons if has_org or closed or opening else []
        orgs = sum(1 for _, s in chain if s.label == "ORG")
        place_closed = list_rules().place_closer_re.match(folded, chain[-1][1].end) is not None
        if place_closed or opening or (orgs >= 2 and orgs > len(places) and all(s.component == "bare" for _, s in places)):
            turned += places
        # 供应商里，现代|摩比斯: the model left the first item's head out of the name.
        # Only when written right before the item: $ also matches before a final newline.
        head = len(opening.group(1)) if opening and opening.end(1) == len(window) and chain[0][1].label == "PERSON" else 0
        out += [Span(start - (head if start == first else 0), s.end, "ORG", "lists", "rule") for start, s in turned]
    return out
