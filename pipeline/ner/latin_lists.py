"""Latin-script company names known by their company: enumerations and context cues.

Coined brand names (NVIDIA, Pinkoi, Garage+, Finger Vision) have no legal form and no
head word, so :mod:`pipeline.ner.latin` cannot tell them from a technical term. Their
context can (``configs/ner.toml [latin] enabled``):

* ``list_coord`` -- an item of an enumeration (、 及 和 以及 や …; a comma ends a clause, not an
  item) of which another item
  is an organisation found by another rule, or which a cue closes or opens (…等公司,
  …などの企業, 5社(…)): items of one list are things of one kind (Intel、台积电及三星;
  天纳克、NGK、Priston集团; VCCI等相關單位; スタートアップ5社(EAGLYS、Finger Vision)).
  An item is a Latin name at the end of the item, possibly after a place or a
  description (日本Alps Aliphine, 解析の Vpon) and before a bracket (輝達(NVIDIA)).
  In a cue list a Chinese name with the Latin one in brackets is ORG too (輝達).
* ``nation_prefix`` -- a Latin name right after a country or 美商/日商 (瑞士ABB, 美商Intel);
* ``coined_word`` -- a single capitalised Latin word alone in Chinese/Japanese text that is
  no English word (Qualcomm, Linxens, Rapidus): a coined name, a company's; not in a
  person's context (Adleman教授) or a work's title (《FarmVille》);
* ``bracket_reverse`` -- a Chinese/Japanese name in brackets after a Latin organisation;
* ``role_cue`` -- a Latin name directly before a company role (NVIDIA執行長, Sony社長):
  only a company has a CEO; names shaped like a person's (Mark Johnson副總裁) are not taken.
  With ``acronym_title``, an acronym before any title is the body of that officer
  (JETRO理事長, NEDO部長: a person's title follows the name of their body).

Technical terms and roles (AI, IoT, CEO, MOU: ``[latin] not_org``) are never taken.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.errors import ResourceError
from pipeline.ner.config import load_config
from pipeline.ner.latin_forms import LETTERS, LatinRules
from pipeline.ner.persons import person_rules
from pipeline.ner.spans import Span
from pipeline.text.patterns import alternation

_L = LETTERS
# A name: name words joined by one space, & or -; a word may end with + (Garage+, Disney+).
_CHUNK = re.compile(rf"[{_L}0-9][{_L}0-9'’.\-&]*\+?(?: [{_L}0-9][{_L}0-9'’.\-&]*\+?)*")
_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,7}")
_PERSON_AFTER = re.compile(r"\s?(?:等人|教授|博士|先生|女士|氏|さん|様|君|選手|选手|監督|教練|教练|夫妻|一家)")
_PERSON_BEFORE = re.compile(r"(?:選手|选手|學者|学者|作家|歌手|アイドル|記者|记者|博士|教授|先生|女士)[・·\s]?$")
_VERSION = re.compile(r"(?:^| )v?\d+\.\d+$")
_STOPS = "。；;：:「」『』【】《》\n!?！？，,"
_BRACKETS = {"(": ")", "（": "）"}
# Person-shaped: two or three title-case words (Mark Johnson, Gary Di Pietro).
_PERSON_SHAPE = re.compile(rf"[A-Z][a-z{_L[6:]}'\-]+(?: [A-Z][a-z{_L[6:]}'\-]+){{1,2}}")


@lru_cache(maxsize=1)
def _cues() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Compiled ``[latin]`` separators, cues after and before a list, and company roles."""
    c = load_config()["latin"]
    alt = alternation(c["list_separators"])
    return (re.compile(rf"\s*(?:{alt})\s*"), re.compile("(?:" + "|".join(c["list_cues_after"]) + ")"),
            re.compile("(?:" + "|".join(c["list_cues_before"]) + r")\s*$"),
            re.compile("(?:" + "|".join(map(re.escape, c["company_roles"])) + ")"))


def _is_name(chunk: str, r: LatinRules) -> bool:
    """A chunk that can be a brand: starts with a capital or a digit followed by letters,
    or has an inner capital (eBay); not a technical term or role (AI, 5G, CEO)."""
    words = chunk.split()
    first = words[0]
    if chunk.upper() in r.not_org or first in r.not_name or chunk.isdigit() or _VERSION.search(chunk):
        return False  # Industrie 4.0, Society 5.0: a programme, not a body
    if not (first[0].isupper() or any(ch.isupper() for ch in first[1:]) or
            (first[0].isdigit() and any(ch.isalpha() for ch in first))):
        return False
    return not all(w.rstrip("+").upper() in r.not_org for w in words)


def _sep_before(text: str, k: int) -> int | None:
    """Start of a list separator ending at ``k`` (spaces skipped), else None."""
    sep, _, _, _ = _cues()
    for j in range(max(0, k - 6), k):
        m = sep.fullmatch(text, j, k)
        if m is not None and text[j:k].strip():
            return j
    return None


def _item_left(text: str, k: int, max_len: int = 24) -> int:
    """Start of the list item that ends at ``k``: after the previous separator or stop."""
    j = k
    while j > 0 and k - j < max_len and text[j - 1] not in _STOPS + "(（" and _sep_before(text, j) is None:
        j -= 1
    return j


def _siblings(text: str, s: int, e: int) -> tuple[list[tuple[int, int]], int, int]:
    """The other items of the list whose item is text[s:e], and the list's start and end."""
    sep, _, _, _ = _cues()
    items: list[tuple[int, int]] = []
    k = s
    for _ in range(8):
        j = _sep_before(text, k)
        a = _item_left(text, j) if j is not None else k
        if j is None or a >= j:
            break
        items.append((a, j))
        k = a
    first = k
    k = e
    for _ in range(8):
        m = sep.match(text, k)
        if m is None or not m.group(0).strip():
            break
        b = m.end()
        while b < len(text) and b - m.end() < 24 and text[b] not in _STOPS:
            n = sep.match(text, b)
            if n is not None and n.group(0).strip():
                break
            b += 1
        b = _item_end(text, m.end(), b)
        if b <= m.end():
            break
        items.append((m.end(), b))
        k = b
    return items, first, k


def _item_end(text: str, a: int, b: int) -> int:
    """The end of an item text[a:b] without a closing 等/など and what follows it."""
    for word in ("等", "など", "ほか"):
        i = text.find(word, a, b)
        if i > a:
            b = i
    return b


def _ends_with_org(text: str, a: int, b: int, orgs: list[Span]) -> bool:
    """Whether item text[a:b] ends with an organisation (a bracket after it allowed)."""
    while b > a and text[b - 1] == " ":
        b -= 1
    end = b
    if end > a and text[end - 1] in ")）":
        opened = max(text.rfind("(", a, end), text.rfind("（", a, end))
        if opened > a:
            end = opened
    return any(a <= p.start and end <= p.end <= b for p in orgs)


def _chunks(text: str) -> list[tuple[int, int]]:
    """Latin name chunks whose next character is not a Latin letter."""
    return [m.span() for m in _CHUNK.finditer(text)]


def _item_of(text: str, s: int, e: int) -> tuple[int, int]:
    """The list item a Latin chunk ends: its description or place before it included
    (日本Alps Aliphine), and a bracket around or after it (輝達(NVIDIA), Kao(高仙桂))."""
    a, b = s, e
    if a > 0 and text[a - 1] in _BRACKETS and b < len(text) and text[b] == _BRACKETS[text[a - 1]]:
        a, b = a - 1, b + 1
    elif b < len(text) and text[b] in _BRACKETS:
        close = text.find(_BRACKETS[text[b]], b)
        b = close + 1 if 0 < close - b <= 16 else b
    return _item_left(text, a), b


def list_spans(text: str, prior: list[Span], r: LatinRules) -> list[Span]:
    """ORG spans of Latin names listed with organisations or closed by a company cue."""
    _, after, before, _ = _cues()
    orgs = [p for p in prior if p.label == "ORG"]
    blocked = [p for p in prior if p.label in ("PERSON", "GPE", "LOC", "INDUSTRY", "FAC") and p.component != "model"]
    out: list[Span] = []
    for s, e in _chunks(text):
        chunk = text[s:e]
        if not _is_name(chunk, r) or any(p.start < e and s < p.end for p in orgs) or any(
                p.start < e and s < p.end and not (p.label in ("GPE", "LOC") and s <= p.start and p.end <= e
                                                   and p.length < e - s) for p in blocked):
            continue  # a place inside the name is part of it (FocusTaiwan, Golden Asia Fund)
        item = _item_of(text, s, e)
        if not _item_closed(text, item[1]):
            continue  # 3C类: the name is part of a longer item
        siblings, first, last = _siblings(text, *item)
        cue = bool(after.match(text, last)) or _cue_before(text, first, before)
        if not cue and text[item[0]:s].endswith(("(", "（")) and item[0] < s - 1 and chunk.isupper():
            continue  # 協定(RCEP): an acronym takes the label of the name it abbreviates
        if cue or any(_ends_with_org(text, a, b, orgs) for a, b in siblings):
            out.append(Span(s, e, "ORG", "latin", "rule", attrs={"rule": "list_coord", "key_end": None}))
            if cue:
                out += _bracketed_partner(text, item[0], s, e)
    return out


def _item_closed(text: str, b: int) -> bool:
    """Whether an item ends at ``b``: a separator, a stop, 等/など or the end follows."""
    sep, _, _, _ = _cues()
    while b < len(text) and text[b] == " ":
        b += 1
    if b >= len(text) or text[b] in _STOPS + ")）" or text.startswith(("等", "など", "ほか"), b):
        return True
    m = sep.match(text, b)
    return m is not None and bool(m.group(0).strip())


def _cue_before(text: str, k: int, before: re.Pattern[str]) -> bool:
    while k > 0 and text[k - 1] in " (（：:":
        k -= 1
        if before.search(text, max(0, k - 12), k + 1):
            return True
    return False


def _bracketed_partner(text: str, item_start: int, s: int, e: int) -> list[Span]:
    """輝達(NVIDIA) in a company list: the Chinese/Japanese name before the bracket is ORG
    when the item is bounded (a separator or a meeting verb before it: 拜訪輝達)."""
    if s == 0 or text[s - 1] not in _BRACKETS:
        return []
    a, b = item_start, s - 1
    verb_end = max((i + len(w) for w in _lead_words() if len(w) >= 2 and (i := text.rfind(w, a, b)) >= 0), default=-1)
    if verb_end >= 0:
        a = verb_end  # 部長此行拜訪|超微(AMD)
    elif _sep_before(text, a) is None or any(text.startswith(w, a) for w in _lead_words()):
        return []  # 應用材料 would lose 應 to the lead-word guard; 其次是格芯 is no item
    name = text[a:b]
    if not (2 <= len(name) <= 12) or any(ch.isascii() or ch in _STOPS or ch in "的之の" for ch in name):
        return []
    return [Span(a, b, "ORG", "latin", "rule", attrs={"rule": "list_coord", "key_end": None})]


@lru_cache(maxsize=1)
def _lead_words() -> tuple[str, ...]:
    cfg = load_config()
    words = set(cfg["guards"]["lead_words"]) | set(cfg["orgs"]["stop_words"])
    return tuple(sorted(words, key=len, reverse=True))


def role_spans(text: str, prior: list[Span], r: LatinRules) -> list[Span]:
    """A Latin name right before a company role (NVIDIA執行長, Sony の社長) is a company;
    a name shaped like a person's (Mark Johnson) is left to the person rules."""
    _, _, _, roles = _cues()
    titles = person_rules().title_re if "acronym_title" in r.enabled else None
    taken = [p for p in prior if p.label in ("PERSON", "GPE", "LOC", "INDUSTRY", "ORG") and p.component != "model"]
    out: list[Span] = []
    for s, e in _chunks(text):
        chunk = text[s:e]
        k = e + (1 if text[e:e + 1] in (" ", "的", "の") else 0)
        acronym_title = titles is not None and _ACRONYM.fullmatch(chunk) is not None and titles.match(text, k) is not None
        if not (roles.match(text, k) or acronym_title) or not _is_name(chunk, r) or _PERSON_SHAPE.fullmatch(chunk):
            continue
        if any(p.start < e and s < p.end for p in taken):
            continue
        out.append(Span(s, e, "ORG", "latin", "rule", attrs={"rule": "role_cue", "key_end": None}))
    return out


def nation_spans(text: str, prior: list[Span], r: LatinRules) -> list[Span]:
    """A Latin name written right after a country or a nationality of firms (瑞士ABB,
    德國Bosch, 美商Intel): a company of that country, as 瑞士諾華 is; a name shaped like a
    person's, a term (日本IoT) or a place is not taken."""
    countries = {p.end for p in prior if p.label == "GPE" and p.attrs.get("country")}
    firms = tuple(load_config()["latin"]["nationality_firms"])
    taken = [p for p in prior if p.label in ("PERSON", "GPE", "LOC", "INDUSTRY", "ORG", "FAC") and p.component != "model"]
    out: list[Span] = []
    for s, e in _chunks(text):
        chunk = text[s:e]
        if not (s in countries or text.endswith(firms, 0, s)) or not _is_name(chunk, r):
            continue
        if _PERSON_SHAPE.fullmatch(chunk) or any(p.start < e and s < p.end for p in taken) or _person_context(text, s, e):
            continue
        out.append(Span(s, e, "ORG", "latin", "rule", attrs={"rule": "nation_prefix", "key_end": None}))
    return out


# One capitalised word, no Latin word joined to it by spaces, a comma (Chou, Chun-mi) or & + - .
_SINGLE = re.compile(rf"(?<![{_L}0-9.\-&+])(?<![{_L}0-9.,&+]\s)(?<![{_L}0-9.,&+]\s\s)([A-Z][a-z]+(?:[A-Z][a-z]+)*)"
                     rf"(?![{_L}0-9\-&+]|\s+[{_L}0-9&+]|,\s?[{_L}])")


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """Lower-cased English words and given names (package english-words 2.0.2, MIT licence:
    the web2 and GCIDE word lists), ~264,000 words, loaded once (~0.4 s)."""
    try:
        from english_words import get_english_words_set
    except ImportError as exc:  # a dependency of pyproject.toml
        raise ResourceError("[latin] coined_word needs the package english-words (pip install english-words)") from exc
    return frozenset(get_english_words_set(["web2", "gcide"], lower=True))


def _person_context(text: str, s: int, e: int) -> bool:
    """Whether text[s:e] is a person's name by its neighbours: a title or 教授/等人/氏 after it
    (Adleman教授, Likharev等人), a word for a person before it (選手Crius)."""
    return bool(person_rules().title_re.match(text, e) or _PERSON_AFTER.match(text, e)
                or _PERSON_BEFORE.search(text, max(0, s - 8), s))


def coined_spans(text: str, prior: list[Span], r: LatinRules) -> list[Span]:
    """A single capitalised Latin word standing alone in Chinese/Japanese text that is no
    English word (Qualcomm, Linxens, Rapidus; not Garage, Apple-the-word, Smith): a coined
    name, in reports nearly always a company's. Places, persons (the model's too) and terms
    found by other rules are left to them, and so are a name before a person's title or
    等人/教授/氏 (a surname: Adleman教授) and a title in 《》 or quotes (a work: 《FarmVille》)."""
    words = _english_words()
    taken = [p for p in prior if p.component != "model" or p.label in ("PERSON", "GPE", "LOC")]
    out: list[Span] = []
    for m in _SINGLE.finditer(text):
        s, e = m.span(1)
        w = m.group(1)
        if text[s - 1:s] in "《〈『“\"" or _person_context(text, s, e):
            continue  # 《FarmVille》: a work
        low = w.lower()
        if len(w) < 4 or low in words or low.endswith("s") and low[:-1] in words or w in r.not_name \
                or w.upper() in r.not_org:
            continue  # Zoom, Windows, Smith: English words (plurals too) and given names
        if any(p.start < e and s < p.end for p in taken):
            continue
        out.append(Span(s, e, "ORG", "latin", "rule", attrs={"rule": "coined_word", "key_end": None}))
    return out


_CJK_IN_BRACKETS = re.compile(r"\s?[（(]([\u3005\u3040-\u30ff\u4e00-\u9fff・]{2,10})[)）]")


def reverse_pair_spans(text: str, prior: list[Span]) -> list[Span]:
    """A Chinese/Japanese name in brackets right after a Latin organisation name is its
    translation, the same organisation: NVIDIA（輝達）, Applied Materials(應用材料)
    (``bracket`` does the other order)."""
    out: list[Span] = []
    for p in prior:
        if p.label != "ORG" or not text[p.start:p.end].isascii():
            continue
        m = _CJK_IN_BRACKETS.match(text, p.end)
        if m is None or any(q.start < m.end(1) and m.start(1) < q.end and q.component != "model" for q in prior):
            continue
        out.append(Span(m.start(1), m.end(1), "ORG", "latin", "rule", attrs={"rule": "bracket_reverse", "key_end": None}))
    return out

