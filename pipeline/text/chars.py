"""Character classes (the only definitions in the package) and small text helpers."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def is_han(ch: str) -> bool:
    """A Han ideograph (CJK unified, extensions, compatibility) or 々 〇 〆 ヶ.

    ヶ (as in 霞ヶ関) counts: in names it stands between two ideographs like one.
    """
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0x20000 <= o <= 0x323AF
        or 0xF900 <= o <= 0xFAFF
        or o in (0x3005, 0x3006, 0x3007, 0x30F6)
    )


def is_kana(ch: str) -> bool:
    """Hiragana, katakana (incl. ー and phonetic extensions) or half-width katakana."""
    o = ord(ch)
    return 0x3040 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9F


def is_katakana(ch: str) -> bool:
    """Katakana with the prolonged-sound mark, not the middle dot ・ (names are written in it)."""
    return 0x30A0 <= ord(ch) <= 0x30FF and ch != "・"


# Variant characters (異体字) that Japanese names keep in print where dictionaries and models
# know the common form: 髙橋 is 高橋, 山﨑 is 山崎 (one character for one: offsets are kept). Not
# 邊 (渡邊): it is the ordinary Traditional character of 周邊, and the models read Chinese too.
VARIANT_FORMS = {"髙": "高", "﨑": "崎", "𠮷": "吉", "濵": "浜", "邉": "辺", "槗": "橋"}
_VARIANT_TABLE = str.maketrans(VARIANT_FORMS)


def common_forms(text: str) -> str:
    """``text`` with variant characters in their common form (:data:`VARIANT_FORMS`), same length."""
    return text.translate(_VARIANT_TABLE)


def katakana_run_start(text: str, end: int) -> int:
    """Start of the run of katakana characters that ends at ``end`` (``end`` if none)."""
    k = end
    while k > 0 and is_katakana(text[k - 1]):
        k -= 1
    return k


def is_hiragana(ch: str) -> bool:
    return 0x3040 <= ord(ch) <= 0x309F


def is_hangul(ch: str) -> bool:
    """A Hangul syllable or jamo."""
    o = ord(ch)
    return 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F


def is_cjk_punct(ch: str) -> bool:
    """CJK symbols and punctuation (、。「」…), full-width forms, circled numbers."""
    o = ord(ch)
    return (
        0x3000 <= o <= 0x303F
        or 0xFF00 <= o <= 0xFF65
        or 0xFE30 <= o <= 0xFE4F
        or 0x2460 <= o <= 0x24FF
        or 0x3200 <= o <= 0x32FF
        or o in (0x2026, 0x2025, 0x2014, 0x2015, 0x00B7, 0x2027, 0xFF5E)
    )


@lru_cache(maxsize=8192)  # called per glyph pair when lines are built
def is_cjk(ch: str) -> bool:
    """A 'wide' character of CJK text: Han, kana, Hangul or CJK punctuation."""
    return is_han(ch) or is_kana(ch) or is_hangul(ch) or is_cjk_punct(ch)


def is_latin_alnum(ch: str) -> bool:
    """An ASCII/Latin letter or a digit (not a CJK character)."""
    return ch.isalnum() and not is_cjk(ch) and ord(ch) < 0x2E80


def has_cjk(text: str) -> bool:
    return any(is_han(c) or is_kana(c) or is_hiragana(c) for c in text)


_CJK_GAP = re.compile(r"(?<=[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々])[ \t\u3000]+(?=[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々])")


def join_cjk(text: str) -> str:
    """Collapse whitespace; drop spaces between two CJK characters (table cells: 千葉縣 商工勞動部)."""
    t = " ".join((text or "").split())
    return _CJK_GAP.sub("", t)


def _clean_char(c: str) -> str:
    cat = unicodedata.category(c)
    if cat == "Cc" and c not in "\n\t":
        return " "
    return "\ufffd" if cat == "Cs" else c  # lone surrogates cannot be encoded (spaCy, JSON)


def sanitize(text: str) -> str:
    """Control characters → spaces, lone surrogates → U+FFFD (same length), for models and regexes."""
    if not any(unicodedata.category(c) in ("Cc", "Cs") and c not in "\n\t" for c in text):
        return text
    return "".join(_clean_char(c) for c in text)


def chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """Cut text into pieces of at most ``limit`` characters, at sentence ends where possible."""
    out: list[tuple[int, str]] = []
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + limit)
        if end < n:
            window = text[start:end]
            cut = max(window.rfind(c) for c in "。！？!?\n")
            if cut > limit // 4:
                end = start + cut + 1
        out.append((start, text[start:end]))
        start = end
    return out


def nfkc_per_char(text: str) -> str:
    """NFKC per character, kept only where it yields one character (offsets stay valid)."""
    out = []
    for ch in text:
        n = unicodedata.normalize("NFKC", ch)
        out.append(n if len(n) == 1 else ch)
    return "".join(out)
