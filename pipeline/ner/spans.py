"""Candidate entity spans and overlap resolution by configured precedence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Span:
    """One candidate mention inside one text (offsets into that text)."""

    start: int
    end: int
    label: str
    component: str  # which component proposed it (configs/ner.toml [pipeline])
    source: str  # what goes into the entity's ``sources``: table/cover/gazetteer/rule/model/coref
    canonical: str | None = None  # preferred display form, if known
    key: str | None = None  # folded canonical name, if known (gazetteer, acronym, coref)
    attrs: dict[str, Any] = field(default_factory=dict)  # title, org, unit...

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end and self.length > other.length


@dataclass(frozen=True)
class Precedence:
    """How overlapping candidates are resolved (``configs/ner.toml [pipeline]``): ``rank`` per
    component (lower wins), the components that ``extends`` over what they contain, and the
    labels each component ``absorbs`` when it contains only those."""

    rank: dict[str, int]
    extends: frozenset[str]
    absorbs: dict[str, frozenset[str]] = field(default_factory=dict)


def resolve(spans: list[Span], precedence: Precedence) -> list[Span]:
    """Non-overlapping spans: better rank first, longer first within a rank.

    A span from an ``extends`` component replaces accepted spans it strictly
    contains (a place or organisation built on a gazetteer head), never PERSON;
    a span of an ``absorbs`` component that ends like a whole name (``attrs["whole_name"]``)
    replaces them only when all have one of its labels (a model's company name over the
    industry word inside it, 武田製藥).
    A candidate identical to an accepted span adds its source to it (``also``).
    """
    rank, extends = precedence.rank, precedence.extends
    order = sorted(spans, key=lambda s: (rank.get(s.component, 99), -s.length, s.start))
    owner: dict[int, Span] = {}  # character position -> accepted span (linear in text length)
    for cand in order:
        clash: list[Span] = []
        for pos in range(cand.start, cand.end):
            a = owner.get(pos)
            if a is not None and (not clash or clash[-1] is not a):
                clash.append(a)
        if not clash:
            for pos in range(cand.start, cand.end):
                owner[pos] = cand
            continue
        same = [a for a in clash if (a.start, a.end, a.label) == (cand.start, cand.end, cand.label)]
        if same:  # another component agrees: keep its source as evidence
            same[0].attrs.setdefault("also", set()).add(cand.source)
            continue
        labels = precedence.absorbs.get(cand.component, frozenset()) if cand.attrs.get("whole_name") else frozenset()
        if (cand.component in extends and all(cand.contains(a) and a.label != "PERSON" for a in clash)) or (
                labels and all(cand.contains(a) and a.label in labels for a in clash)):
            for pos in range(cand.start, cand.end):
                owner[pos] = cand
    unique = {id(s): s for s in owner.values()}
    return sorted(unique.values(), key=lambda s: s.start)
