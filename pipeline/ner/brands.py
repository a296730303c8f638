"""Chinese company names written as a brand plus an industry word, and their short forms.

Chinese reports name companies without their legal form: a brand (two to four
characters, usually not a word of the language: 某某, a transliteration) followed by
an industry or corporate head (半导体, 氢能, 科技, 集团, 控股, 股份 …) is a company
(X半导体, X科技). Once a company is introduced so (or with its legal form,
X电子股份有限公司), the bare brand names it in the rest of the document (X 签约).
A name read as a person that is directly followed by a company word (X公司, X旗下,
X的子公司) is that company.

These rules run after overlap resolution, over the whole document (a brand
introduced in one paragraph is used alone in the next); each is a switch in
``configs/ner.toml [brands] enabled``:

* ``head_brand`` — brand + head -> ORG (a PERSON read of the brand is replaced);
* ``propagate`` — the bare brand of a company named in the document -> ORG;
* ``company_cue`` — PERSON + company word -> ORG;
* ``list_labels`` — label consistency in enumerations (:mod:`pipeline.ner.lists`).

Whether a prefix is a brand is decided by jieba's dictionary: a common word
(frequency at or above ``common_freq``: 发展, 相关, 国家, 电子) is no brand, an
out-of-vocabulary string (split into single characters) or a rare word is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.ner.config import load_config
from pipeline.ner.rules import org_rules
from pipeline.ner.spans import Span
from pipeline.ner.words import jieba_tokenizer, word_aligned
from pipeline.text.chars import is_han
from pipeline.text.fold import fold_chars
from pipeline.text.patterns import alternation

PLACE_LABELS = ("GPE", "LOC")
# Model labels a brand + head is often given instead of ORG (a company read as a building).
SOFT_LABELS = ("FAC",)
# jieba tags of one-character words that never belong to a brand: numerals, measure
# words, pronouns, prepositions, conjunctions, particles (两大集团, 该集团, 其控股).
NON_BRAND_TAGS = ("m", "q", "r", "p", "c", "u", "mq")
# jieba tags of proper names: such words may be brands up to ``common_freq`` (华为, 紫光).
NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "nz", "nt", "ns", "j"})


@dataclass(frozen=True)
class BrandRules:
    enabled: frozenset[str]
    head_re: re.Pattern[str]
    heads: tuple[str, ...]
    initials_heads: frozenset[str]
    not_followed: str
    legal: tuple[str, ...]
    common_freq: int
    rare_freq: int
    max_brand: int
    not_last: str
    cues_join: tuple[str, ...]
    cues_after: tuple[str, ...]


@lru_cache(maxsize=1)
def brand_rules() -> BrandRules:
    """The settings of ``configs/ner.toml [brands]``, folded (Traditional = Simplified)."""
    b = load_config().get("brands", {})
    heads = sorted({fold_chars(h) for h in b.get("heads", [])}, key=len, reverse=True)
    return BrandRules(
        enabled=frozenset(b.get("enabled", [])),
        head_re=re.compile(alternation(heads)),
        heads=tuple(heads),
        initials_heads=frozenset(fold_chars(h) for h in b.get("initials_heads", [])),
        not_followed=fold_chars(b.get("head_not_followed_by", "")),
        legal=tuple(sorted({fold_chars(w) for w in b.get("legal_forms", [])}, key=len, reverse=True)),
        common_freq=int(b.get("common_freq", 1000)),
        rare_freq=int(b.get("rare_freq", 100)),
        max_brand=int(b.get("max_brand", 4)),
        not_last=fold_chars(b.get("brand_not_ending", "")),
        cues_join=tuple(fold_chars(w) for w in b.get("cues_join", [])),
        cues_after=tuple(fold_chars(w) for w in b.get("cues_after", [])),
    )


def is_zh(lang: str) -> bool:
    return lang.startswith("zh")


def brand_suffix(folded: str) -> str:
    """The brand that ends ``folded`` (Simplified text): its trailing jieba words while
    they are single characters of open classes or rare words, at most ``max_brand``
    characters; '' when shorter than two characters (目前|中极 -> 中极, 发展 -> '')."""
    r = brand_rules()
    pseg, freq = jieba_tokenizer()
    tokens = [(p.word, p.flag) for p in pseg.lcut(folded, HMM=False)]
    stops = org_rules().stop_chars
    brand = ""
    for word, flag in reversed(tokens):
        if len(brand) + len(word) > r.max_brand:
            break
        if not all(is_han(c) for c in word):
            break
        if len(word) == 1 and (word in stops or flag.startswith(NON_BRAND_TAGS)):
            break
        if len(word) > 1 and not _rare_word(word, flag):
            break  # a common word: 发展|半导体, 国家|能源, 相关|科技
        brand = word + brand
    if len(brand) < 2 or (len(brand) == 2 and brand[-1] in r.not_last):
        return ""  # 德商, 日企: a nationality and a word for business
    return brand


# A Korean or Japanese group's Latin initials glued to its Chinese name (LG化学, SK海力士):
# capitals and digits, not inside a longer Latin word; lower case once folded.
_LATIN_INITIALS = re.compile(r"(?<![A-Za-z0-9&.\-])[A-Z][A-Z0-9&]{1,4}$")
_FOLDED_INITIALS = re.compile(r"(?<![a-z0-9&.\-])[a-z][a-z0-9&]{1,4}$")


def latin_initials_before(text: str, end: int, folded: bool = False) -> str:
    """The Latin initials directly before ``end`` (SK|海力士), or ''; ``folded``: ``text`` was
    folded (:func:`~pipeline.text.fold.fold_chars` lowers Latin letters)."""
    m = (_FOLDED_INITIALS if folded else _LATIN_INITIALS).search(text, 0, end)
    return m.group(0) if m else ""


def _rare_word(word: str, flag: str) -> bool:
    """A dictionary word that may be a brand: a name (nr, nrt, nz, nt, ns, j) below
    ``common_freq`` or any word below ``rare_freq``, containing no common word (大力发展)."""
    r = brand_rules()
    _pseg, freq = jieba_tokenizer()
    limit = r.common_freq if flag in NAME_TAGS else r.rare_freq
    if freq.get(word, 0) >= limit:
        return False
    inner = (word[i:j] for i in range(len(word)) for j in range(i + 2, len(word) + 1) if j - i < len(word))
    return not any(freq.get(w, 0) >= r.common_freq for w in inner)


def is_brand(folded: str) -> bool:
    """``folded`` as a whole is a brand (see :func:`brand_suffix`)."""
    return brand_suffix(folded) == folded


def _head_is_word_end(folded: str, end: int) -> bool:
    """The head ending at ``end`` is not the start of a longer word (科技部, 汽车站, 能源局)."""
    r = brand_rules()
    return end >= len(folded) or folded[end] not in r.not_followed


def _window_start(text: str, pos: int, spans: list[Span]) -> int:
    """Leftmost position of the Han run ending at ``pos``, inside no span, at most 8 characters."""
    covered = {i for s in spans for i in range(s.start, s.end)}
    j = pos
    while j > 0 and pos - j < 8 and is_han(text[j - 1]) and (j - 1) not in covered:
        j -= 1
    return j


def _head_candidates(text: str, folded: str, spans: list[Span]) -> list[Span]:
    """Every brand + head in ``text``; ``attrs['named']`` when the brand was read as a
    person's name by the model (a transliteration: its characters are a name)."""
    r = brand_rules()
    out: list[Span] = []
    for m in r.head_re.finditer(folded):
        h, e = m.start(), m.end()
        if out and h < out[-1].end:
            continue
        while (n := r.head_re.match(folded, e)) is not None:
            e = n.end()
        if not _head_is_word_end(folded, e) or not word_aligned(text, h, e):
            continue  # 科技部; 高|科技 (the head is the end of a longer word)
        person = next((s for s in spans if s.end == h and s.label == "PERSON" and not s.attrs.get("title")), None)
        others = [s for s in spans if s is not person and s.label not in SOFT_LABELS]
        j = person.start if person else _window_start(text, h, others)
        brand = brand_suffix(folded[j:h])
        if not brand and j == h and m.group(0) in r.initials_heads:
            brand = _initials_brand(text, h, spans).lower()
        if not brand or (person and len(brand) != h - person.start):
            continue
        start = h - len(brand)
        # Latin initials are no sector jargon: they name the company by themselves (LG化学)
        named = person is not None or not is_han(brand[0])
        # a city or province before a company is part of its registered name (上海X半导体有限公司);
        # a country is not (guidelines §3: 南韓|X電機)
        place = next((s for s in spans if s.end == start and s.label in PLACE_LABELS and not s.attrs.get("country")),
                     None)
        if place is not None:
            start = place.start
        out.append(Span(start, e, "ORG", "brands", "rule", attrs={"brand": brand, "named": named}))
    return out


def _initials_brand(text: str, head: int, spans: list[Span]) -> str:
    """Latin initials glued before the head at ``head`` (LG|化学), unless another kind of entity
    holds them (AI|机器人: a sector)."""
    initials = latin_initials_before(text, head)
    start = head - len(initials)
    if initials and any(s.label != "ORG" and s.start < head and start < s.end for s in spans):
        return ""
    return initials


def _set_apart(text: str, c: Span) -> bool:
    """The name stands in quotes (“X科技”) or is followed by its Latin name (X科技(Xtech))."""
    quoted = c.start > 0 and text[c.start - 1] in "“「『\"'" and text[c.end : c.end + 1] in ("”", "」", "』", '"', "'")
    latin = re.match(r"\s*[(（]?\s*[A-Z]", text[c.end : c.end + 4]) is not None
    return quoted or latin


def head_brand_spans(text: str, spans: list[Span], known: set[str] | None = None) -> list[Span]:
    """Brand + industry/corporate head (X半导体, X氢能, X科技, X集团 …) -> ORG spans.

    The brand is the name-like tail of the Han run before the head (:func:`brand_suffix`),
    or an untitled PERSON span ending at the head (a transliterated brand read as a name);
    heads written one after another belong to one name (X氢能科技); a place span written
    directly before the brand is part of the name (上海 + X半导体), a country is not. Out-of-vocabulary
    strings are also sector jargon the dictionary lacks (Taiwanese 數位科技, 永續能源), so a
    candidate needs evidence that it names a company: a brand read as a person, a brand of a
    company the document names with its legal form (``known``), quotes or a Latin name in
    brackets, or an enumeration with another organisation, candidate or untitled name."""
    from pipeline.ner.lists import enumerations

    folded = fold_chars(text)
    cands = _head_candidates(text, folded, spans)
    ok = {id(c) for c in cands if c.attrs["named"] or c.attrs["brand"] in (known or set()) or _set_apart(text, c)}
    rest = [s for s in spans if not any(s.overlaps(c) for c in cands)]
    for chain in enumerations(text, rest + cands):
        items = [s for _, s in chain]
        # companies are listed with companies; an untitled "person" in the list is one misread
        named = [s for s in items if s.label == "ORG" or (s.label == "PERSON" and not s.attrs.get("title"))]
        if len(named) >= 2:
            ok |= {id(s) for s in items if any(s is c for c in cands)}
    out = [c for c in cands if id(c) in ok]
    for c in out:
        c.attrs.pop("named", None)
    return out


_BRACKETED_END = re.compile(r"[(（][^()（）]{1,8}[)）]$")


def brand_of_org(folded: str) -> str:
    """The brand of a company name written with its legal form: ``folded`` without legal
    forms, heads and a subsidiary's bracketed place (X电子股份有限公司 -> X, 上海X半导体有限公司 -> X,
    紫光集团 -> 紫光, SK海力士半导体(中国)有限公司 -> SK海力士), or of
    one that is a whole brand and its heads (英飞凌科技 -> 英飞凌); '' when the rest ends with
    no brand (德商公司: a nationality) or, without a legal form, is more than a brand."""
    r = brand_rules()
    core = folded
    while (w := next((w for w in r.legal if core.endswith(w) and len(core) > len(w)), None)) is not None:
        core = core[: -len(w)]
    legal = core != folded
    if legal:
        core = _BRACKETED_END.sub("", core)  # X半导体(中国)|有限公司: the subsidiary's place
    while (w := next((w for w in r.heads if core.endswith(w) and len(core) > len(w)), None)) is not None:
        core = core[: -len(w)]
    if not legal and (core == folded or not is_brand(core)):
        return ""  # without a legal form, only a whole brand before the head (英飞凌|科技)
    brand = brand_suffix(core)
    initials = latin_initials_before(core, len(core) - len(brand), folded=True) if brand else ""
    return initials + brand


def merge(spans: list[Span], new: Span) -> list[Span]:
    """``spans`` with ``new`` added, replacing the spans it contains; unchanged when
    ``new`` crosses a span or lies inside one (a longer name was already found)."""
    inside = []
    for s in spans:
        if not s.overlaps(new):
            continue
        if new.start <= s.start and s.end <= new.end and (s.start, s.end) != (new.start, new.end) or (
            (s.start, s.end) == (new.start, new.end) and s.label != new.label
        ):
            if s.component == "evidence":
                return spans
            inside.append(s)
        else:
            return spans
    kept = [s for s in spans if all(s is not i for i in inside)]
    return sorted([*kept, new], key=lambda s: s.start)


def propagate(text: str, spans: list[Span], brands: set[str]) -> list[Span]:
    """Bare mentions of the document's brands (X 签约 after X半导体) -> ORG spans merged in;
    only where no other entity covers them but an untitled PERSON read of the same text."""
    folded = fold_chars(text)
    for brand in sorted(brands, key=len, reverse=True):
        for m in re.finditer(re.escape(brand), folded):
            s, e = m.start(), m.end()
            clash = [x for x in spans if x.start < e and s < x.end]
            if any(not (s <= x.start and x.end <= e and (
                    (x.label == "PERSON" and not x.attrs.get("title")) or (x.label == "ORG" and x.component == "latin")))
                   for x in clash):
                continue  # only a name misread as a person or the initials alone (SK|海力士) give way
            while (n := brand_rules().head_re.match(folded, e)) is not None and _head_is_word_end(folded, n.end()):
                e = n.end()  # X科技 where X科技 had no evidence of its own: the brand's head
            if not word_aligned(text, s, e):
                continue
            spans = merge(spans, Span(s, e, "ORG", "brands", "rule", attrs={"brand": brand}))
    return spans


def company_cue_spans(text: str, spans: list[Span]) -> list[Span]:
    """An untitled PERSON directly followed by a company word is that company:
    X公司/X集团 -> ORG X公司 (the name with its head), X旗下/X的子公司 -> ORG X."""
    r = brand_rules()
    folded = fold_chars(text)
    out = []
    for s in spans:
        if s.label != "PERSON" or s.attrs.get("title") or s.component == "evidence":
            continue
        join = next((w for w in r.cues_join if folded.startswith(w, s.end)), None)
        if join is not None:
            out.append(Span(s.start, s.end + len(join), "ORG", "brands", "rule"))
        elif any(folded.startswith(w, s.end) for w in r.cues_after):
            out.append(Span(s.start, s.end, "ORG", "brands", "rule"))
    return out


def document_brands(texts: list[str], finals: list[list[Span]]) -> set[str]:
    """Brands of the companies the document names: the brand of every brand+head span and of
    every ORG whose name ends with a legal form or head (X电子股份有限公司, X集团)."""
    brands: set[str] = set()
    for text, spans in zip(texts, finals, strict=True):
        for s in spans:
            if s.label != "ORG":
                continue
            if s.attrs.get("brand"):
                brands.add(s.attrs["brand"])
            elif s.component != "evidence" and (b := brand_of_org(fold_chars(text[s.start : s.end]))):
                brands.add(b)
    return brands


def brand_pass(texts: list[str], langs: list[str], finals: list[list[Span]]) -> list[list[Span]]:
    """The switched-on rules of this module and :mod:`pipeline.ner.lists`, over one document's
    resolved spans (Chinese texts only)."""
    from pipeline.ner.lists import list_label_spans

    r = brand_rules()
    if not r.enabled:
        return finals
    zh = [i for i, lang in enumerate(langs) if is_zh(lang)]
    # brands of companies named with their legal form anywhere in the document
    known = document_brands([texts[i] for i in zh], [finals[i] for i in zh])
    out = []
    for text, lang, spans in zip(texts, langs, finals, strict=True):
        if is_zh(lang):
            new = []
            if "head_brand" in r.enabled:
                new += head_brand_spans(text, spans, known)
            if "company_cue" in r.enabled:
                new += company_cue_spans(text, spans)
            for n in new:
                spans = merge(spans, n)
            if "list_labels" in r.enabled:
                for n in list_label_spans(text, spans):
                    spans = merge(spans, n)
        out.append(spans)
    if "propagate" in r.enabled:
        brands = document_brands([texts[i] for i in zh], [out[i] for i in zh])
        for i in zh:
            out[i] = propagate(texts[i], out[i], brands)
    return out
