"""Reporters named in news bylines (記者王小明/臺北報導, 王小明/高雄報導, 记者 李明 摄).

News passages name their reporter after 記者 (reporter) or at the start of a line
before ``/place報導``. A Chinese name there has the usual shape, a surname and two
characters, and may run straight into the place or the date that follows
(記者王小明河內19日專電), so the rule takes the surname and two characters unless a
boundary comes after one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.ner.config import load_config, read_list
from pipeline.ner.name_dict import chinese_surname
from pipeline.ner.spans import Span
from pipeline.text.chars import is_han

_REPORTER = re.compile(r"(?:記者|记者)[ 　]?")
_LINE_BYLINE = re.compile(r"(?m)^[ 　]*([\u4e00-\u9fff]{2,4})[/／][\u4e00-\u9fff]{2,4}(?:報導|报道)")
# A reporter's name is followed by these (記者王小明攝, 记者李明 摄).
_AFTER_NAME = " 　/／)）】」,，、。攝摄報报"


def _reporter_name(text: str, pos: int) -> tuple[int, int] | None:
    """Surname (or compound surname) + two characters at ``pos``, or + one when a
    boundary or 攝/報導 follows it (记者宋磊 通讯员, 記者王明攝)."""
    for sl in (2, 1):
        sur = text[pos:pos + sl]
        if len(sur) != sl or not (chinese_surname(sur) if sl == 1 else sur in _compound()):
            continue
        g = pos + sl
        if g + 2 <= len(text) and is_han(text[g]) and is_han(text[g + 1]) and text[g + 1] not in _AFTER_NAME:
            return pos, g + 2
        if g + 1 <= len(text) and is_han(text[g]) and (g + 1 == len(text) or text[g + 1] in _AFTER_NAME):
            return pos, g + 1
    return None


@lru_cache(maxsize=1)
def _compound() -> frozenset[str]:
    return frozenset(w for w in read_list(load_config()["persons"]["surnames_file"]) if len(w) == 2)


def byline_spans(text: str, prior: list[Span], lang: str) -> list[Span]:
    """PERSON spans of reporters in Chinese bylines."""
    if not lang.startswith("zh") or not load_config()["persons"].get("bylines", False):
        return []
    found: list[tuple[int, int]] = []
    for m in _REPORTER.finditer(text):
        if text[m.end():m.end() + 1] in ("會", "会"):
            continue  # 記者會 (a press conference)
        name = _reporter_name(text, m.end())
        if name:
            found.append(name)
    for m in _LINE_BYLINE.finditer(text):
        if chinese_surname(m.group(1)[0]):
            found.append(m.span(1))
    taken = [(s.start, s.end) for s in prior if s.label != "PERSON"]
    return [Span(s, e, "PERSON", "persons", "rule", attrs={"title": "記者"})
            for s, e in found if not any(a < e and s < b for a, b in taken)]
