"""Japanese personal names written in Chinese text (前田廉孝教授, 會長十倉雅和, 酒向浩二先生).

Chinese reports write Japanese names in Chinese characters: a family name of two or
three characters (佐藤, 十倉, 大須賀) and a given name of one to three (幸人, 雅和, 毅).
The Chinese model, trained on Chinese names (one-character surname + two), cuts them
(佐藤幸|人, 廉孝, 波喬司) and the title rules of :mod:`pipeline.ner.persons` expect a
Chinese surname. The rules here:

* **titled**: a Japanese family name followed by 1-3 characters, directly before a
  title or honorific (教授, 社長, 先生, 氏) or directly after a title (理事長十倉雅和、),
  is one PERSON span;
* **completed**: a model PERSON span that is part of such a name runs to the name's
  edges when the given name (or, for a span that is only the given name, the family
  name before it) is in the dictionary (十倉雅|和 -> 十倉雅和, 波喬司 -> 難波喬司).

Family and given names come from Sudachi's system dictionary (:mod:`pipeline.ner.name_dict`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.ner.config import load_config
from pipeline.ner.name_dict import chinese_surname, ja_family, ja_given
from pipeline.ner.persons import inside_title, looks_like_words, person_rules
from pipeline.ner.spans import Span
from pipeline.text.chars import is_han
from pipeline.text.patterns import alternation

# Characters after which a name may start (punctuation, list marks, a preposition).
_LEFT_OK = "，,。、；;：:（(）)「」『』《》〈〉！!？?　 \n\t與与和及由、的暨"
# Characters a name may be followed by, after a title (會長十倉雅和、 / 十倉雅和等人).
_RIGHT_OK = "，,。、；;：:（(）)「」『』《》〈〉！!？?　 \n\t"
# Words that may follow a name (十倉雅和|等人, 榊原定征|以及); a name never ends inside one.
_RIGHT_WORDS = ("以及", "及", "和", "與", "与", "等", "一行", "率", "為", "为", "表示", "指出", "說", "说",
                "在", "於", "于", "也", "亦", "則", "则", "是", "的", "出席", "會見", "会见", "致詞", "致词")
# Particles that follow a name and never end one (马林聪|等, 山田|的): one-character words of the
# list above that Japanese given names do end with (雅和, 達也) are left out.
_NOT_LAST = "等的"
# Words joining titles or names, never the first character of a name (議員兼|安全).
_NOT_FIRST = "兼暨及與与和的之"


def _wordlike(name: str, fam: int, known: bool) -> bool:
    """Common Chinese words, not a name. A known given name is trusted (山口|智哉, 大家|正宏,
    松本|正義 are names although 山口, 大家 and 正義 are words; verbs such as 表示 are no
    given names); otherwise neither the whole name nor its family name may be words."""
    return not known and (looks_like_words(name) or looks_like_words(name[:fam]))


def _unfit(text: str, start: int, end: int) -> bool:
    """Windows that are no Japanese name: starting with a joiner (議員|兼安全), of the
    Chinese shape (a Chinese surname + two: 林佳龍 is a Chinese name, not 林佳 + 龍), or
    starting inside a title (部長|林佳龍 must not become 長林佳龍), or ending with a particle
    (马林聪|等)."""
    if text[start] in _NOT_FIRST or text[end - 1] in _NOT_LAST or (end - start == 3 and chinese_surname(text[start])):
        return True
    return inside_title(text, start)


def _all_han(text: str) -> bool:
    return bool(text) and all(is_han(c) for c in text)


def _blocked(prior: list[Span], start: int, end: int, family_end: int) -> bool:
    """A window is blocked by a non-person span it cuts, unless that span lies inside the
    family name (山口|智哉: 山口 also names a prefecture)."""
    for s in prior:
        if s.label == "PERSON" or s.end <= start or s.start >= end:
            continue
        if not (start <= s.start and s.end <= family_end):
            return True
    return False


def _before_title(text: str, ts: int, prior: list[Span]) -> tuple[int, int] | None:
    """family (2-3) + given (1-3) ending at ``ts``: the given name known, or of at most two
    characters with the window starting after a boundary or an entity (慶應大學|前田廉孝教授)."""
    ends = {s.end for s in prior if s.label != "PERSON"}
    best: tuple[tuple[bool, bool, int], int] | None = None
    for fam in (3, 2):
        for giv in (1, 2, 3):
            k = ts - fam - giv
            if k < 0 or not _all_han(text[k:ts]) or not ja_family(text[k:k + fam]):
                continue
            known = ja_given(text[k + fam:ts])
            left_ok = k == 0 or text[k - 1] in _LEFT_OK or k in ends or not is_han(text[k - 1])
            if not (known or (left_ok and giv <= 2)) or _blocked(prior, k, ts, k + fam):
                continue
            if _wordlike(text[k:ts], fam, known):
                continue
            if _unfit(text, k, ts):
                continue
            score = (known, left_ok, fam + giv)
            if best is None or score > best[0]:
                best = (score, k)
    return (best[1], ts) if best else None


def _after_title(text: str, te: int, prior: list[Span]) -> tuple[int, int] | None:
    """family (2-3) + given (1-3) starting at ``te``: a window a boundary follows
    (副總裁川島正九(, 理事長張本紀尋；) before one with a known given name (十倉雅和等人),
    longer before shorter; an unknown given name has at most two characters."""
    best: tuple[tuple[bool, bool, int], tuple[int, int]] | None = None
    for fam in (3, 2):
        if not ja_family(text[te:te + fam]):
            continue
        for giv in (3, 2, 1):
            e = te + fam + giv
            if e > len(text) or not _all_han(text[te:e]) or _blocked(prior, te, e, te + fam):
                continue
            known = ja_given(text[te + fam:e])
            right_ok = e == len(text) or text[e] in _RIGHT_OK or text.startswith(_RIGHT_WORDS, e)
            if any(text.startswith(w, e - j) for w in _RIGHT_WORDS for j in range(1, len(w))):
                continue  # 榊原定征以|及
            if not (known or (right_ok and giv <= 2)) or _wordlike(text[te:e], fam, known) or _unfit(text, te, e):
                continue
            score = (right_ok, known, fam + giv)
            if best is None or score > best[0]:
                best = (score, (te, e))
    return best[1] if best else None


@lru_cache(maxsize=1)
def anchor_re() -> re.Pattern[str]:
    """Titles and the honorifics of ``[persons] ja_name_honorifics`` (先生, 老師, 氏)."""
    honorifics = load_config()["persons"].get("ja_name_honorifics", [])
    alt = alternation(honorifics) if honorifics else ""
    title = person_rules().title_re.pattern
    return re.compile(f"{title}|{alt}" if alt else title)


def titled_japanese_names(text: str, prior: list[Span], lang: str, named_at: frozenset[int] = frozenset()) -> list[Span]:
    """PERSON spans for Japanese names next to a title or honorific in Chinese text: before it,
    else after it; none where other evidence (``named_at``: the model) starts a person right
    after it, which then names the title's holder."""
    if not lang.startswith("zh"):
        return []
    out: list[Span] = []
    title_re = person_rules().title_re
    for m in anchor_re().finditer(text):
        ts, te = m.span()
        if te in named_at:
            continue  # the model reads the person after the title (理事長|吳東亮, not 吳東亮理)
        found = _before_title(text, ts, prior)
        if found is None and title_re.fullmatch(m.group(0)):
            found = _after_title(text, te, prior)
        if found and not any(o.start < found[1] and found[0] < o.end for o in out):
            out.append(Span(found[0], found[1], "PERSON", "persons", "rule",
                            attrs={"title": m.group(0), "ja_name": "titled"}))
    return out


def _completion(text: str, s: int, e: int) -> tuple[int, int] | None:
    """The Japanese name a model span [s, e) is part of: windows starting up to two
    characters earlier and ending up to two later, family name first; the given name
    must be known, except when the span is exactly the given name and a title follows
    (前田|廉孝|教授)."""
    best: tuple[tuple[int, int], tuple[int, int]] | None = None
    for k in range(max(0, s - 2), s + 1):
        for fam in (2, 3):
            for end in range(e, min(len(text), e + 2) + 1):
                if (k, end) == (s, e) or end - k - fam < 1 or end - k - fam > 3:
                    continue
                window = text[k:end]
                if not _all_han(window) or not ja_family(text[k:k + fam]):
                    continue
                known = ja_given(text[k + fam:end])
                titled = anchor_re().match(text, end) is not None
                if not (known or (k + fam == s and end == e and e - s == 2 and titled)):
                    continue
                if _wordlike(window, fam, known) or _unfit(text, k, end):
                    continue
                score = (end - k, -abs(end - e))
                if best is None or score > best[0]:
                    best = (score, (k, end))
    return best[1] if best else None


def complete_japanese_names(text: str, model: list[Span], prior: list[Span], lang: str) -> list[Span]:
    """Model PERSON spans of Chinese text completed to the Japanese name they are part of."""
    if not lang.startswith("zh"):
        return []
    out = []
    for s in model:
        if s.label != "PERSON" or not _all_han(text[s.start:s.end]):
            continue
        found = _completion(text, s.start, s.end)
        if found and not _blocked(prior, found[0], found[1], found[0] + 3):
            out.append(Span(found[0], found[1], "PERSON", "persons", "rule", attrs={"ja_name": "completed"}))
    return out


def person_spans(text: str, prior: list[Span], model: list[Span], lang: str,
                 named_at: frozenset[int] = frozenset()) -> list[Span]:
    """The rules above that ``configs/ner.toml [persons] ja_names_in_chinese`` switches on
    (``titled``, ``completed``); ``named_at``: where the model's persons start."""
    rules = load_config()["persons"].get("ja_names_in_chinese", [])
    out = titled_japanese_names(text, prior, lang, named_at) if "titled" in rules else []
    if "completed" in rules:
        out += [s for s in complete_japanese_names(text, model, prior, lang)
                if not any(o.start < s.end and s.start < o.end for o in out)]
    return out
