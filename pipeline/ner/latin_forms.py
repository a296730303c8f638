"""Settings and name checks shared by the Latin-script rules (pipeline/ner/latin.py), the
stage and the person rules: ``configs/ner.toml [latin]`` compiled with the ISO 20275 legal
forms, whether a name is a kind of company (GmbH & Co. KG, Aktiengesellschaft) or has an
organisation head, aliases between two full names of one acronym, and lower-case English
words among gazetteer matches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline import resources
from pipeline.ner.config import load_config
from pipeline.ner.spans import Span
from pipeline.text.fold import fold
from pipeline.text.patterns import alternation

LETTERS = "A-Za-z\u00c0-\u024f"


def _lines(name: str) -> list[str]:
    lines = resources.gazetteer(name).read_text(encoding="utf-8").splitlines()
    return [x.strip() for x in lines if x.strip() and not x.startswith("#")]


@dataclass(frozen=True)
class LatinRules:
    """The settings of ``configs/ner.toml [latin]``, compiled."""

    enabled: frozenset[str]
    legal_re: re.Pattern[str]
    heads: frozenset[str]
    kanji_prefix_heads: frozenset[str]
    heads_first: frozenset[str]
    compound_re: re.Pattern[str]
    connectors: frozenset[str]
    not_name: frozenset[str]
    cjk_heads_re: re.Pattern[str]
    cjk_prefix_re: re.Pattern[str]
    apposition_re: re.Pattern[str]
    not_org: frozenset[str]
    kinds: frozenset[str]
    form_keys: frozenset[str]
    max_words: int


@lru_cache(maxsize=1)
def latin_rules() -> LatinRules:
    """``[latin]`` of configs/ner.toml with the legal forms of ``legal_forms.txt``."""
    c = load_config()["latin"]
    listed = _lines("legal_forms.txt")
    # Names written in capitals write their legal form in capitals too (TOKYO ELECTRON LTD.).
    forms = set(listed) | {f.upper() for f in listed if f[:1].isupper() and len(re.sub("[^A-Za-z]", "", f)) >= 3}
    return LatinRules(
        enabled=frozenset(c["enabled"]),
        legal_re=re.compile(rf"(?<![{LETTERS}0-9])(?:{alternation(forms)})(?![{LETTERS}0-9])"),
        heads=frozenset(c["heads"]) | frozenset(c["kanji_prefix_heads"]),
        kanji_prefix_heads=frozenset(c["kanji_prefix_heads"]),
        heads_first=frozenset(c["heads_first"]),
        compound_re=re.compile(rf"[{LETTERS}]{{2,}}-?(?:{'|'.join(c['compound_heads'])})$", re.IGNORECASE),
        connectors=frozenset(c["connectors"]),
        not_name=frozenset(c["not_name"]),
        cjk_heads_re=re.compile(rf"\s?(?:{alternation(c['cjk_heads'])})"),
        cjk_prefix_re=re.compile("(?:" + "|".join(map(re.escape, c["cjk_prefixes"])) + ")$"),
        apposition_re=re.compile(f"(?:{alternation(c['apposition_heads'])})$"),
        not_org=frozenset(w.upper() for w in c["not_org"]) | frozenset(forms),
        kinds=frozenset(fold(x) for x in _lines("legal_form_names.txt")),
        form_keys=frozenset(fold(x) for x in forms) - {""},
        max_words=int(c["max_words"]),
    )


def is_head(w: str, r: LatinRules) -> bool:
    """Whether a word is an organisation head (Council) or a compound ending in one
    (Forschungsgemeinschaft); words in capitals count (SEMICONDUCTOR MANUFACTURING COMPANY)."""
    core = w.rstrip(".")
    if core.isupper() and len(core) > 3:
        core = core.capitalize()  # SEMICONDUCTOR MANUFACTURING COMPANY
    return core in r.heads or (core[:1].isupper() and bool(r.compound_re.search(core)))


def only_forms(key: str, r: LatinRules) -> bool:
    """Whether a folded name is made of legal-form abbreviations only (GmbH & Co.KG)."""
    ok = [True] + [False] * len(key)
    for i in range(1, len(key) + 1):
        ok[i] = any(ok[j] and key[j:i] in r.form_keys for j in range(max(0, i - 12), i))
    return ok[-1]


def without_article(name: str) -> str:
    """The name without a leading article (die Aktiengesellschaft -> Aktiengesellschaft)."""
    first, _, rest = name.partition(" ")
    return rest if rest and first.lower() in ("die", "der", "das", "the", "la", "le", "el", "de") else name


def link_translations(pairs: list[tuple[str, Span]], defs: dict[str, tuple[str, str, str]]) -> None:
    """Two full names defined with one acronym in a document are one body written in two
    languages: 德國研究基金會 (DFG) … Deutsche Forschungsgemeinschaft (DFG). The later name
    takes the canonical name and id of the first (an alias), as the acronym does."""
    for acr, span in pairs:
        label, canonical, key = defs.get(acr, ("", "", ""))
        if label == span.label and span.key != key and "contextual" not in span.attrs:
            span.canonical, span.key = canonical, key


def lowercase_word(surface: str, entry: Any) -> bool:
    """A gazetteer match written in lower-case Latin letters when none of the entry's names
    is: an English word (begin, line), not the company Ｂｅｇｉｎ or LINE."""
    if not (surface.isascii() and surface.islower()):
        return False
    names = [*entry.names.values(), *entry.aliases]
    return not any(unicodedata.normalize("NFKC", n).islower() for n in names)


_TITLE_WORD_AFTER = re.compile(rf" [A-Z][a-z{LETTERS[6:]}]")
_TITLE_WORD_BEFORE = re.compile(rf"[A-Z][a-z{LETTERS[6:]}]+ $")


def title_case_fragment(text: str, start: int, end: int, entry: Any) -> bool:
    """A gazetteer name written only in capitals (ＭＡＲＫ) matched by a title-case word
    joined to another capitalised word (Mark Johnson): a part of another name, a given
    name here, not the company (``[latin] enabled`` ``gazetteer_case``)."""
    surface = text[start:end]
    if "gazetteer_case" not in latin_rules().enabled or not (
            surface.isascii() and surface[:1].isupper() and surface[1:].islower() and len(surface) > 1):
        return False
    names = [unicodedata.normalize("NFKC", n) for n in [*entry.names.values(), *entry.aliases]]
    if not names or any(not n.isupper() for n in names if n.isascii()) or not any(n.isascii() for n in names):
        return False
    return bool(_TITLE_WORD_AFTER.match(text, end) or _TITLE_WORD_BEFORE.search(text, max(0, start - 30), start))


_BRAND = re.compile(r"[A-Za-z0-9][A-Za-z0-9&+.\-]*(?: [A-Za-z0-9&][A-Za-z0-9&+.\-]*){0,3}")


def document_latin_names(text: str, spans: list[Span]) -> dict[str, Span]:
    """Latin names the Latin rules took for an organisation in one text (``[latin] enabled``
    ``propagate``): a document names a company once by its context (拜訪輝達(NVIDIA)、…等公司)
    and then alone (Applied Materials長期投資臺灣); every mention is the company, as every
    mention of a defined acronym is (pipeline.ner.rules.acronym_spans)."""
    r = latin_rules()
    if "propagate" not in r.enabled:
        return {}
    out: dict[str, Span] = {}
    for s in spans:
        name = text[s.start:s.end]
        if s.component == "latin" and s.label == "ORG" and len(name) >= 3 and _BRAND.fullmatch(name) \
                and name.upper() not in r.not_org and not name.islower():
            out.setdefault(name, s)
    return out


def only_legal_forms(name: str) -> bool:
    """Whether ``name`` is made of legal-form abbreviations only (GmbH, AG, GmbH & Co. KG):
    a kind of company, never an acronym of one."""
    return only_forms(fold(name), latin_rules())


def is_org_name(name: str) -> bool:
    """Whether a Latin name has an organisation head or legal form (not a person's name)."""
    r = latin_rules()
    words = name.split()
    return any(is_head(w.strip(",."), r) for w in words) or bool(r.legal_re.search(name))


# A place in brackets between a company's name and its legal form: (THAILAND)CO.,LTD.
_BRACKETED_PLACE = re.compile(r"\s?\(([A-Z][A-Za-z]*(?: [A-Z][A-Za-z]*){0,2})\)\s?")


def with_bracketed_place(text: str, spans: list[Span], r: LatinRules) -> None:
    """Latin company names go on over a place in brackets and the legal form after it
    (HASHIMOTO SOGYO(THAILAND)CO.,LTD., Showa Rubber (Thailand) Co.,Ltd.): the subsidiary's
    registered name. Changes ``spans`` in place."""
    for sp in spans:
        m = _BRACKETED_PLACE.match(text, sp.end) if sp.label == "ORG" else None
        legal = r.legal_re.match(text, m.end()) if m else None
        if m and legal:
            end = legal.end()
            while (more := r.legal_re.match(text, end + 1 if text[end:end + 1] in ", " else end)) is not None:
                end = more.end()  # Co., Ltd.: two forms
            sp.end = end
