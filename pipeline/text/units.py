"""The endings of organisational unit names (局, 課, 中心, 辦公室, センター...), general knowledge.

One list for the whole package: the cover parser, the attendee tables and the NER
rules all decide "this word names a unit" with it. Traditional, Simplified and
Japanese forms are listed alike.
"""

from __future__ import annotations

UNIT_SUFFIXES: tuple[str, ...] = tuple(sorted({
    # one character
    "部", "局", "署", "處", "处", "課", "课", "室", "組", "组", "院", "所", "會", "会", "省",
    "廳", "厅", "庁", "司", "科", "府", "館", "隊", "校", "系", "股", "站", "團", "団", "社",
    "廠", "行", "班", "係",
    # longer
    "中心", "センター", "辦公室", "公司", "大學", "學院", "協會", "基金會", "園區",
}, key=lambda s: (-len(s), s)))  # longest first: endswith() and regex alternation

UNIT_SUFFIX_CHARS: frozenset[str] = frozenset(s for s in UNIT_SUFFIXES if len(s) == 1)


def ends_with_unit(name: str) -> bool:
    """Whether ``name`` (two characters or more) ends like an organisational unit."""
    return len(name) >= 2 and name.endswith(UNIT_SUFFIXES)
