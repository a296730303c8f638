"""Person names anchored by job titles (科長/技正/課長/教授/知事...).

Titles are attributes of a person, never entities. A name is found

* before its title: 鄒宗勳科長, 電資組鄒宗勳科長 (the unit is cut off at its
  suffix), 渡部 修副所長 (Japanese surname, space, given name), 田中太郎課長;
* after its title: 所長：山田太郎, 科長王大明，(a Chinese surname, then a boundary);
* as surname + title only (王科長): a partial mention, resolved by coreference
  to a full name with that surname, or dropped.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.ner.config import load_config, read_list
from pipeline.ner.latin_forms import is_org_name
from pipeline.ner.name_dict import family_first, ja_family, ja_given, to_shinjitai
from pipeline.ner.rules import ends_with_stop_word, org_rules, person_positions
from pipeline.ner.spans import Span
from pipeline.ner.words import jieba_tokenizer, trim_function_words
from pipeline.text.chars import is_han
from pipeline.text.fold import fold, fold_chars
from pipeline.text.patterns import alternation
from pipeline.text.units import UNIT_SUFFIX_CHARS, UNIT_SUFFIXES

# Not a title when followed by these (委員會, 代表處, 社長室, 部長級, 代表团, 代表性, 代表項目).
_NOT_AFTER_TITLE = "會会處処处室團団团級级制職职位階阶性項项"
# A photo position, not a name (左六會長…, 右三): 左/右 and a numeral.
_POSITION = re.compile(r"[左右][一二三四五六七八九十起]+")
_BOUNDARY = "，,。、；;：:（(）)「」『』《》〈〉！!？?　 \n\t"


@dataclass(frozen=True)
class PersonRules:
    title_re: re.Pattern[str]
    surnames: frozenset[str]
    not_name: str
    max_name: int
    surnames_ja: frozenset[str] = frozenset()
    verb_re: re.Pattern[str] | None = None
    modifiers: str = ""


@lru_cache(maxsize=1)
def person_rules() -> PersonRules:
    """Titles, surnames and limits from ``configs/ner.toml [persons]`` and the word lists."""
    p = load_config()["persons"]
    listed = set(read_list(p["titles_file"])) | set(read_list(p["titles_ja_file"]) if p.get("titles_ja_file") else [])
    if p.get("titles_shinjitai"):  # Japanese text writes 縣長, 專員, 處長 as 県長, 専員, 処長
        listed |= {to_shinjitai(t) for t in listed}
    # Titles are listed in Traditional/Japanese forms; Simplified text writes 总裁, 处长.
    alt = alternation(listed | {fold_chars(t) for t in listed})
    return PersonRules(
        title_re=re.compile(rf"(?:{alt})(?:兼(?:{alt}))*"),
        surnames=frozenset(read_list(p["surnames_file"])),
        not_name=p["not_name"],
        max_name=int(p["max_name"]),
        surnames_ja=frozenset(fold(n) for n in read_list(p["surnames_ja_file"])) if p.get("surnames_ja_file") else frozenset(),
        verb_re=re.compile("|".join(map(re.escape, p.get("speech_verbs", [])))) if p.get("speech_verbs") else None,
        modifiers=p.get("title_modifiers", ""),
    )


def title_ends_at(text: str, pos: int, reach: int) -> bool:
    """A job title that starts at most ``reach`` characters before ``pos`` ends exactly at ``pos``.

    Every start is tried (at most ``reach`` anchored matches), not a left-to-right scan: an
    earlier title overlapping the one that ends here would hide it (經濟企畫廳長|官 hides 長官)."""
    title_re = person_rules().title_re
    return any(title_re.fullmatch(text, j, pos) for j in range(max(0, pos - reach), pos))


def inside_title(text: str, pos: int, reach: int = 6) -> bool:
    """``pos`` falls strictly inside a job title that starts at most ``reach`` characters before it
    (部長|林佳龍: a name must not start at 長)."""
    return any(m.start() < pos < m.end() for m in person_rules().title_re.finditer(text, max(0, pos - reach), pos + 1))


def _run_before(text: str, pos: int, stops: set[int]) -> int:
    """Start of the run of name characters (Han, one inner space) ending at ``pos``."""
    r = org_rules()
    j, spaces = pos, 0
    while j > 0 and pos - j < 12:
        ch = text[j - 1]
        if ch in " \u3000" and spaces == 0 and j - 1 > 0 and is_han(text[j - 2]) and j < pos:
            spaces += 1
            j -= 1
            continue
        if not is_han(ch) or ch in r.stop_chars or (j - 1) in stops:
            break
        if ends_with_stop_word(text, j):
            break
        j -= 1
    while j < pos and text[j] in " \u3000":
        j += 1
    return j


def _split_unit(text: str, start: int, end: int, entity_ends: list[int]) -> int:
    """Where the name begins inside ``text[start:end]``: after the last unit suffix or entity."""
    cut = start
    k = bisect.bisect_right(entity_ends, end)
    if k and entity_ends[k - 1] > start:
        cut = entity_ends[k - 1]
    for k in range(end - 1, cut - 1, -1):
        if text[k] in UNIT_SUFFIX_CHARS or text[max(cut, k - 1) : k + 1] in UNIT_SUFFIXES:
            return k + 1
    return cut


@lru_cache(maxsize=65536)
def looks_like_words(name: str) -> bool:
    """True if common non-name words cover half of ``name`` (國際, 產學推動, 實地): not a person.

    Uses jieba's dictionary (Simplified) on the folded name; names such as
    鄒宗勳, 戶津健太郎, 大河田野芳郎 are not covered by common words.
    """
    pseg, freq = jieba_tokenizer()
    f = fold(name)
    tokens = pseg.lcut(f, HMM=False)
    if len(tokens) == 1 and not tokens[0].flag.startswith("nr") and freq.get(f, 0) >= 30:
        return True  # one dictionary word (簡報, 實地)
    covered = sum(
        len(p.word)
        for p in tokens
        if len(p.word) >= 2 and not p.flag.startswith("nr") and freq.get(p.word, 0) >= 300
    )
    return covered * 2 >= len(f)


def _valid(name: str, rules: PersonRules) -> bool:
    core = name.replace(" ", "").replace("\u3000", "")
    if not core or core[0] in rules.not_name or core[-1] in rules.not_name:
        return False
    if " " in name or "\u3000" in name:
        parts = name.split()
        return len(parts) == 2 and all(1 <= len(p) <= 4 for p in parts)
    return 1 <= len(core) <= rules.max_name


def _name_after(text: str, pos: int, rules: PersonRules) -> tuple[int, int] | None:
    """A name written after its title: ``所長：山田太郎`` or ``科長王大明，``."""
    n = len(text)
    if pos < n and text[pos] in ":：":
        k = pos + 1
        while k < n and text[k] in " \u3000":
            k += 1
        e = k
        while e < n and (is_han(text[e]) or (text[e] == " " and e + 1 < n and is_han(text[e + 1]))) and e - k < 8:
            e += 1
        if 2 <= e - k <= 8:
            _, cut = trim_function_words(text[k:e], left=False, right=True)  # 山田一郎|說明
            return (k, k + cut) if cut >= 2 else None
        return None
    for sl in (2, 1):
        if text[pos : pos + sl] in rules.surnames:
            for given in (2, 1):
                e = pos + sl + given
                if e <= n and all(is_han(c) for c in text[pos:e]) and (e == n or text[e] in _BOUNDARY):
                    return (pos, e) if not looks_like_words(text[pos:e]) else None
    return None


def _switch(name: str) -> bool:
    return name in load_config()["persons"].get("title_name_rules", [])


@lru_cache(maxsize=1)
def _unit_words() -> tuple[str, ...]:
    """Multi-character unit endings (辦事處, 管理處, 研究所) from ``[orgs] suffixes``."""
    return tuple(sorted({w for w in load_config()["orgs"]["suffixes"] if len(w) >= 3}, key=len, reverse=True))


def _heads_unit(text: str, ts: int) -> bool:
    """The title starting at ``ts`` shares its first character with a unit word ending
    there (丹麥商務辦事|處長 = 辦事處 + 處長): the text before it is the unit, not a name."""
    return _switch("unit_head") and any(text.endswith(w, 0, ts + 1) for w in _unit_words())


def _place_before_title(text: str, ts: int, prior: list[Span]) -> int:
    """Where a name before the title ends: before a place that shares its last character
    with the title (柯文哲|台北|市長: 台北市 + 市長) when that place is a head title's place."""
    if not _switch("place_head"):
        return ts
    for s in prior:
        if s.label in ("GPE", "LOC") and s.start < ts < s.end <= ts + 2:
            return s.start
    return ts


def _family_across_unit(text: str, rs: int, ns: int, end: int) -> int:
    """A unit cut that splits a Japanese family name ending in a unit character
    (日本台湾交流協会の服部|崇: 服部 is a family name, 崇 a given name) moves back to it."""
    if not _switch("family_across_unit") or ns <= rs or ns >= end or text[ns - 1] not in UNIT_SUFFIX_CHARS:
        return ns
    for fam in (2, 3):
        k = ns - fam
        if k >= rs and ja_family(text[k:ns]) and ja_given(text[ns:end]):
            return k
    return ns


def _edge_fault(text: str, ns: int, name: str) -> bool:
    """A name candidate that is part of a title (屏東県|長法律: 県長 runs into it) or a
    photo position (左六會長)."""
    if not _switch("edge_titles"):
        return False
    if _POSITION.fullmatch(name):
        return True
    return inside_title(text, ns)


def person_spans(text: str, prior: list[Span], lang: str, named_at: frozenset[int] = frozenset()) -> list[Span]:
    """PERSON spans next to a title; ``attrs`` carry the title (and unit when written before).
    ``named_at``: where other evidence (the model) starts a person: a title followed by one
    has its person after it."""
    rules = person_rules()
    out: list[Span] = []
    stops = person_positions(prior)
    entity_ends = sorted({s.end for s in prior if s.label != "PERSON" and s.component != "bare"})
    person_ends = {s.end for s in prior if s.label == "PERSON"}
    person_starts = {s.start for s in prior if s.label == "PERSON"} | named_at
    for m in rules.title_re.finditer(text):
        ts, te = m.span()
        if te < len(text) and text[te] in _NOT_AFTER_TITLE:
            continue
        title = m.group(0)
        if _heads_unit(text, ts):
            continue  # 商務辦事|處長: the title's first character closes a unit (辦事處長)
        if te in person_starts:
            continue  # 奥林巴斯|首席战略官|竹内康雄: the title's person follows it, a body precedes
        end = _place_before_title(text, ts, prior)
        rs = _run_before(text, end, stops)
        ns = _split_unit(text, rs, end, entity_ends) if rs < end else end
        ns = _family_across_unit(text, rs, ns, end)
        while ns < end and text[ns] in " \u3000":
            ns += 1
        name = text[ns:end].strip()
        if name and end < ts and not family_first(name):
            name = ""
        if name and _edge_fault(text, ns, name):
            name = ""
        if name and _valid(name, rules) and not (" " not in name and lang != "ja" and looks_like_words(name)):
            attrs: dict[str, str] = {"title": title}
            unit = text[rs:ns].strip()
            if unit:
                attrs["unit"] = unit
            core = name.replace(" ", "").replace("\u3000", "")
            if len(core) == 1:
                if core not in rules.surnames and lang.startswith("zh"):
                    continue
                attrs["surname"] = core  # 鄒科長: resolved later or dropped
            out.append(Span(ns, ns + len(text[ns:end].rstrip()), "PERSON", "persons", "rule", attrs=attrs))
            continue
        latin = _latin_before(text, ts, rules)
        if latin:
            out.append(Span(latin[0], latin[1], "PERSON", "persons", "rule", attrs={"title": title}))
            continue
        if ts in person_ends:
            continue  # 鄒宗勳科長簡報: the title's person is the one before it
        after = _name_after(text, te, rules)
        if after:
            out.append(Span(after[0], after[1], "PERSON", "persons", "rule", attrs={"title": title}))
    return out


_LATIN_WORD = re.compile(r"[A-Z][A-Za-z\u00c0-\u024f'\-]*$")


def _latin_words_before(text: str, end: int, max_words: int = 4) -> int | None:
    """Start of 2..max_words capitalised Latin words ending at ``end`` (Harald Schenk, DINH Minh Hung)."""
    words: list[int] = []
    k = end
    while len(words) < max_words:
        j = k
        while j > 0 and (text[j - 1].isalpha() and ord(text[j - 1]) < 0x250 or text[j - 1] in "'-"):
            j -= 1
        if j == k or not _LATIN_WORD.match(text[j:k]):
            break
        words.append(j)
        if j > 0 and text[j - 1] == " " and j > 1 and text[j - 2].isascii() and text[j - 2].isalpha():
            k = j - 1
            continue
        break
    return words[-1] if len(words) >= 2 else None


def _latin_before(text: str, ts: int, rules: PersonRules) -> tuple[int, int] | None:
    """A Latin name before its title, possibly with modifiers between (Emily Carter副助理部長)."""
    k = ts
    while k > 0 and ts - k < 4 and text[k - 1] in rules.modifiers:
        k -= 1
    while k > 0 and text[k - 1] == " ":
        k -= 1
    start = _latin_words_before(text, k)
    return (start, k) if start is not None else None


def untitled_spans(text: str, prior: list[Span], lang: str) -> list[Span]:
    """Names without a title between an organisation and a speech verb:
    ``…海外調查部加藤康二介紹`` (a known surname first), ``…本部 DINH Minh Hung 介紹``."""
    rules = person_rules()
    if rules.verb_re is None:
        return []
    org_ends = {s.end for s in prior if s.label == "ORG"}
    taken = person_positions([s for s in prior if s.component != "model"])  # the model's may be cut (藤康二)
    out: list[Span] = []

    def after_org(k: int) -> bool:
        while k > 0 and text[k - 1] == " ":
            k -= 1
        return k in org_ends or (k > 0 and text[k - 1] in UNIT_SUFFIX_CHARS)

    for m in rules.verb_re.finditer(text):
        v = m.start()
        e = v
        while e > 0 and text[e - 1] == " ":
            e -= 1
        if e == 0 or (e - 1) in taken:
            continue
        start = _latin_words_before(text, e)
        if start is not None and after_org(start):
            out.append(Span(start, e, "PERSON", "persons", "rule"))
            continue
        for n in (2, 3, 4):
            k = e - n
            if k <= 0 or not all(is_han(c) for c in text[k:e]):
                break
            if not after_org(k):
                continue
            name = fold(text[k:e])
            if name[:2] in rules.surnames_ja or name[:3] in rules.surnames_ja or (
                text[k] in rules.surnames and n <= 3
            ):
                if not looks_like_words(text[k:e]):
                    out.append(Span(k, e, "PERSON", "persons", "rule"))
            break
    return out


# A Latin personal name: 2-4 capitalised words, with particles (De, van, von), initials (M.) and
# hyphenated parts (Hammond-Chambers);
# romanised Japanese names are often all capitals (部長SAKOU TSUKASA).
_LATIN_NAME = re.compile(
    r"(?:(?:Dr|Prof|Mr|Mrs|Ms)\.\s*)?"
    r"((?:[A-Z][a-z\u00c0-\u024f'\-]+(?:-[A-Z][a-z\u00c0-\u024f']+)*|[A-Z]{2,}|[A-Z]\.)"
    r"(?:\s(?:(?:de|De|van|Van|von|Von|der|den|du|da|di|le|la)\s)?"
    r"(?:[A-Z][a-z\u00c0-\u024f'\-]+(?:-[A-Z][a-z\u00c0-\u024f']+)*|[A-Z]{2,}|[A-Z]\.)){1,3})(?![A-Za-z\u00c0-\u024f])"
)
_HONORIFIC = re.compile(r"(?:Dr|Prof|Mr|Mrs|Ms)\.\s*$")
# A transliterated name, then the original in brackets: 克里契麥 (Michael Kretschmer).
_TRANSLITERATED = re.compile(r"([\u4e00-\u9fff·‧・]{2,6})\s*[（(]\s*")


def latin_person_spans(text: str, prior: list[Span], lang: str) -> list[Span]:
    """Latin-script persons: after a title (總裁Jo De Boeck, 處長Dr. Jörg Polster), after an
    honorific (Dr. Hans Müller), or in brackets after a transliteration that follows a title
    (總理克里契麥 (Michael Kretschmer), both names)."""
    rules = person_rules()
    taken = {i for s in prior if s.label in ("ORG", "PERSON") for i in range(s.start, s.end)}
    out: list[Span] = []

    def add(s: int, e: int, title: str | None) -> None:
        if not taken.intersection(range(s, e)) and not _org_words(text[s:e]):
            out.append(Span(s, e, "PERSON", "persons", "rule", attrs={"title": title} if title else {}))

    for m in rules.title_re.finditer(text):
        te = m.end()
        name = _LATIN_NAME.match(text, te + (1 if text[te:te + 1] == " " else 0))
        if name:
            add(*name.span(1), m.group(0))
            continue
        trans = _TRANSLITERATED.match(text, te)
        name = _LATIN_NAME.match(text, trans.end()) if trans else None
        if trans and name and text[name.end(1):name.end(1) + 1] in "),，）、;；":
            add(*trans.span(1), m.group(0))
            add(*name.span(1), m.group(0))
    for m in _LATIN_NAME.finditer(text):
        if _HONORIFIC.search(text, 0, m.start(1)) and m.start(1) - m.start() > 0:
            add(*m.span(1), None)
    return out


def _org_words(name: str) -> bool:
    """Whether a Latin name contains a word that makes it an organisation (Institute, Group:
    a head or legal form of :func:`is_org_name`, or ``[persons] latin_org_words``)."""
    return any(w.rstrip(".,") in _latin_org_words() for w in name.split()) or is_org_name(name)


@lru_cache(maxsize=1)
def _latin_org_words() -> frozenset[str]:
    return frozenset(load_config()["persons"].get("latin_org_words", []))

