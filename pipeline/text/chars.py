"""Character classes and small text helpers shared by the rule components."""

from __future__ import annotations

import re
import unicodedata


def is_han(ch: str) -> bool:
    """A CJK ideograph (incl. extension A, compatibility forms, 々 〆 ヶ)."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or ch in "々〆ヶ"
    )


def is_kana(ch: str) -> bool:
    """Katakana (with the prolonged-sound mark); hiragana is not part of names here."""
    return 0x30A0 <= ord(ch) <= 0x30FF and ch != "・"


def is_hiragana(ch: str) -> bool:
    return 0x3040 <= ord(ch) <= 0x309F


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
