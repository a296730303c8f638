"""Organisation names that coordinate their fields (科學、文化暨旅遊部, 会計・統計部).

Ministries of federal states and their translations name several fields joined by 、, 暨,
及 or ・ (聯邦經濟暨能源部, 薩克森邦科學、文化暨旅遊部), and so do faculties and units
(ビッグデータ・マネージメント学部, 会計・統計部). Suffix rules and the models stop at the
joiner and keep only the last field with the head (文化暨旅遊部) or read the first field
as a name of its own (薩克森邦科學). Here a run of field words joined by joiners and ended
by a unit or ministry head is one organisation, when

* every field before the last is a bare word (no organisation head of its own: 經濟部、
  教育部 is a list of two bodies), and
* the run opens right after a place (德國|聯邦…部; a state is part of its ministry's name,
  a country is not: 薩克森邦科學、文化暨旅遊部 but 德國|聯邦經濟暨能源部), or at a word
  boundary when it holds ・ or starts with 聯邦 (a faculty or a federal ministry);
* the last field with the head is not a known body of its own (梁国新・経済部), and no
  person found earlier opens the run (郭智輝・経済部);
* the head is not the start of a longer word (部分, 部門).

Switch: ``configs/ner.toml [orgs] coordinated``; heads and joiners are configured there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.ner.config import load_config
from pipeline.ner.gazetteer import load_gazetteer
from pipeline.ner.rules import org_rules
from pipeline.ner.spans import Span
from pipeline.text.fold import fold_chars
from pipeline.text.patterns import alternation

_WORD = r"[\u4e00-\u9fff\u30a0-\u30ffー]"


@dataclass(frozen=True)
class CoordinatedRules:
    """The compiled settings of :func:`coordinated_spans` (``configs/ner.toml [orgs] coordinated_*``)."""

    run_re: re.Pattern[str]
    joiner_re: re.Pattern[str]
    federal: tuple[str, ...]
    state_ends: str


@lru_cache(maxsize=1)
def coordinated_rules() -> CoordinatedRules:
    """``configs/ner.toml [orgs]`` coordinated-name settings, compiled."""
    c = load_config()["orgs"]
    heads, joiners = alternation(c["coordinated_heads"]), alternation(c["coordinated_joiners"])
    field = rf"{_WORD}{{2,10}}?"
    return CoordinatedRules(
        run_re=re.compile(rf"((?:{field}(?:{joiners}))+?{_WORD}{{0,10}}?(?:{heads}))(?!分|門|门|落|位|隊|队|品|件)"),
        joiner_re=re.compile(joiners),
        federal=tuple(c["coordinated_federal"]),
        state_ends=c["coordinated_state_ends"],
    )


def _fields_are_bare(run: str, joiners: re.Pattern[str]) -> bool:
    """No field before the last holds an organisation head of its own (經濟部、教育部 is a
    list of bodies; 国際部副部長、会計 a list of officers)."""
    heads = org_rules().suffix_re
    fields = [fold_chars(f) for f in joiners.split(run)[:-1]]
    # A one-character head opening a field is a word of its own (科學, 部品), not a head.
    return all(f and not any(m.start() > 0 or len(m.group(1)) == len(f) for m in heads.finditer(f)) for f in fields)


def _state_start(text: str, start: int, owner: dict[int, Span], state_ends: str) -> int | None:
    """Start of a span read across the run's start that ends in a state (薩克森邦|科學 read as
    one name by the model): the state opens the ministry's name. ``owner`` maps a position to
    the first prior span running across it."""
    s = owner.get(start)
    if s is not None and text[start - 1] in state_ends:
        return s.start
    return None


def coordinated_spans(text: str, prior: list[Span], lang: str) -> list[Span]:
    """ORG spans of coordinated unit and ministry names (see the module docstring)."""
    if not load_config()["orgs"].get("coordinated", False):
        return []
    r = coordinated_rules()
    joiners = r.joiner_re
    places = {s.end: s for s in prior if s.label in ("GPE", "LOC")}
    # prior spans are candidates and may overlap: the first span crossing each position, and
    # the positions persons hold (one lookup each, however many spans the line has)
    owner: dict[int, Span] = {}
    for s in prior:
        for i in range(s.start + 1, s.end):
            owner.setdefault(i, s)
    person_at = {i for s in prior if s.label == "PERSON" for i in range(s.start, s.end)}
    out: list[Span] = []
    pos = 0
    while (m := r.run_re.search(text, pos)) is not None:
        start, end = m.span(1)
        pos = start + 1  # a rejected run may hold a good one further on (副部長、|会計・統計部)
        place = places.get(start)
        state = _state_start(text, start, owner, r.state_ends) if place is None else None
        opened = place is not None or state is not None or start == 0 or not re.match(_WORD, text[start - 1])
        if not opened or not _fields_are_bare(m.group(1), joiners) or start in person_at:
            continue  # 郭智輝・経済部: a person and a body, not fields
        last = joiners.split(m.group(1))[-1]
        if (entry := load_gazetteer().lookup(last)) is not None and entry.label == "ORG":
            continue  # 梁国新・経済部: the last field is a known body of its own
        if place is None and state is None and "・" not in m.group(1) and not m.group(1).startswith(r.federal):
            continue
        if place is not None and text[place.start:place.end][-1:] in r.state_ends:
            start = place.start  # 薩克森邦|科學、文化暨旅遊部: the state is part of the name
        out.append(Span(state if state is not None else start, end, "ORG", "coordinated", "rule"))
        pos = end
    return out
