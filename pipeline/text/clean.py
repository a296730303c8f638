"""Pure text clean-up helpers for CJK (Chinese + Japanese) PDF text.

Everything here is a pure function of its arguments (the two small lookup
tables are built lazily and cached).  Used by the PDF backend for every line
and table cell, and by :mod:`pipeline.extract.layout` to rebuild paragraphs.

* :func:`normalize` -- Unicode clean-up of extracted text.
* :func:`join_lines` / :func:`join_pair` -- join the visual lines of one
  paragraph without inventing spaces inside CJK text.
* :func:`remove_cjk_gaps` -- drop spurious spaces between two CJK characters.
* :func:`squash` -- NFKC without whitespace: the key that compares a heading, TOC
  entry or title however it was spaced.
* :func:`garbled_score` -- share of Han characters that are common characters;
  low for a text layer that decodes to nonsense (wrong CMap / ToUnicode).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pipeline.text.chars import is_cjk, is_han, is_latin_alnum

DATA_DIR = Path(__file__).resolve().parents[1] / "data"  # pipeline/data, shipped as package data
COMMON_HANZI_PATH = DATA_DIR / "common_hanzi.txt"

# CJK Radicals Supplement (U+2E80..U+2EFF) -> equivalent unified ideograph, from
# Unicode's EquivalentUnifiedIdeograph.txt (entries whose target is in the BMP).
# NFKC folds the Kangxi radicals (U+2F00..U+2FD5) but leaves this block alone.
_RADICALS_SUPPLEMENT = (
    "2E80:51AB 2E81:5382 2E82:4E5B 2E83:4E5A 2E84:4E59 2E85:4EBB 2E86:5182 2E89:5202 "
    "2E8A:535C 2E8B:353E 2E8C:5C0F 2E8D:5C0F 2E8E:5140 2E8F:5C23 2E90:5C22 2E92:5DF3 "
    "2E93:5E7A 2E94:5F51 2E95:5F50 2E96:5FC4 2E97:38FA 2E98:624C 2E99:6535 2E9B:65E1 "
    "2E9D:6708 2E9E:6B7A 2E9F:6BCD 2EA0:6C11 2EA1:6C35 2EA2:6C3A 2EA3:706C 2EA4:722B "
    "2EA5:722B 2EA6:4E2C 2EA8:72AD 2EAB:7F52 2EAC:793A 2EAD:793B 2EAF:7CF9 2EB0:7E9F "
    "2EB1:7F53 2EB3:34C1 2EB4:34C1 2EB9:8002 2EBA:8080 2EBC:6708 2EBD:81FC 2EBE:8279 "
    "2EBF:8279 2EC0:8279 2EC1:864E 2EC2:8864 2EC3:8980 2EC4:897F 2EC5:89C1 2EC8:8BA0 "
    "2EC9:8D1D 2ECB:8F66 2ECC:8FB6 2ECD:8FB6 2ECF:961D 2ED0:9485 2ED1:9577 2ED2:9578 "
    "2ED3:957F 2ED6:961D 2ED8:9752 2ED9:97E6 2EDA:9875 2EDB:98CE 2EDC:98DE 2EDD:98DF "
    "2EDF:98E0 2EE0:9963 2EE2:9A6C 2EE3:9AA8 2EE4:9B3C 2EE5:9C7C 2EE6:9E1F 2EE7:5364 "
    "2EE8:9EA6 2EE9:9EC4 2EEA:9EFE 2EEB:6589 2EEC:9F50 2EED:6B6F 2EEE:9F7F 2EEF:7ADC "
    "2EF0:9F99 2EF1:9F9C 2EF2:4E80 2EF3:9F9F"
)

# Characters NFKC would fold that we keep as printed: full-width punctuation
# (，：；（）！？… are the normal punctuation of Chinese/Japanese text, and later
# stages match on them) and circled numbers ①..⑳ / ㉑..㊿ (list markers; NFKC
# would turn ① into a bare "1").
_KEEP_RE = re.compile(
    "([\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff5e"
    "\u2460-\u2473\u24ea-\u24ff\u3251-\u325f\u32b1-\u32bf]+)"
)
# Control (Cc) and format (Cf) characters to drop; \n and \t are kept, ZWJ/ZWNJ too.
_DROP_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\ufeff\ufff9-\ufffb]"
)
_ODD_SPACE_RE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


@lru_cache(maxsize=1)
def _radical_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for pair in _RADICALS_SUPPLEMENT.split():
        src, dst = pair.split(":")
        table[int(src, 16)] = chr(int(dst, 16))
    return table


def radical_equivalents() -> dict[str, str]:
    """The CJK Radicals Supplement -> unified ideograph map used by :func:`normalize`."""
    return {chr(k): v for k, v in _radical_table().items()}


def normalize(text: str) -> str:
    """Clean one piece of extracted text.

    * NFKC (folds Kangxi radicals, CJK compatibility ideographs, full-width
      letters/digits, half-width katakana, U+3000 and other odd spaces), except
      full-width punctuation and circled numbers, which are kept as printed;
    * CJK Radicals Supplement characters -> their unified ideograph (⻝ -> 食);
    * control and invisible format characters removed (\\n and \\t kept;
      \\r\\n and \\r become \\n).
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = _KEEP_RE.split(text)
    # split() with one capture group: even indices are free text, odd ones kept runs.
    for i in range(0, len(parts), 2):
        if parts[i]:
            parts[i] = unicodedata.normalize("NFKC", parts[i])
    text = "".join(parts).translate(_radical_table())
    text = _DROP_RE.sub("", text)
    return _ODD_SPACE_RE.sub(" ", text)


# Narrow punctuation after which a following Latin word needs a space.
_LATIN_TRAIL = set(",.;:!?)]}%'\"")
_LATIN_LEAD = set("([{'\"")


def squash(text: str) -> str:
    """NFKC, no whitespace: how headings, TOC entries and titles are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def needs_space(left: str, right: str) -> bool:
    """Whether a soft break between characters ``left`` and ``right`` is a word space.

    True only between Latin text on both sides (letters/digits, or trailing
    punctuation such as ``,`` ``)`` before a word); never next to a CJK character.
    """
    if not left or not right or left.isspace() or right.isspace():
        return False
    if is_cjk(left) or is_cjk(right):
        return False
    left_ok = is_latin_alnum(left) or left in _LATIN_TRAIL
    right_ok = is_latin_alnum(right) or right in _LATIN_LEAD
    return left_ok and right_ok


# --- joining lines and removing gap spaces ----------------------------------

def remove_cjk_gaps(text: str) -> str:
    """Delete spaces/tabs between two CJK characters; keep spaces between Latin words.

    ``"實力 堅強"`` -> ``"實力堅強"``; ``"Technology Centre"`` is unchanged;
    ``"福島縣 Technology"`` is unchanged (CJK/Latin boundary spaces are kept).
    """
    if not text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in " \t":
            j = i
            while j < n and text[j] in " \t":
                j += 1
            prev = out[-1] if out else ""
            nxt = text[j] if j < n else ""
            if prev and nxt and is_cjk(prev) and is_cjk(nxt):
                i = j  # spurious gap: drop it
                continue
            out.append(text[i:j])
            i = j
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def join_pair(left: str, right: str) -> str:
    """Join two visual lines of one paragraph (``left`` above ``right``).

    * hyphenated Latin word: ``inter-`` + ``national`` -> ``international``;
    * a word space only where :func:`needs_space` says so (Latin on both
      sides), or where ``left`` ended with a real space glyph and the boundary
      is not CJK/CJK;
    * otherwise no separator (CJK text is written without spaces).
    """
    had_space = left[-1:].isspace()
    left = left.rstrip()
    right = right.lstrip()
    if not left:
        return right
    if not right:
        return left
    a, b = left[-1], right[0]
    if a == "-" and len(left) >= 2 and left[-2].isalpha() and not is_cjk(left[-2]):
        if b.islower():
            return left[:-1] + right  # de-hyphenate a word broken at the line end
        return left + right  # keep the hyphen of a compound (COVID-19, 2-5-1)
    if needs_space(a, b):
        return left + " " + right
    if had_space and not (is_cjk(a) and is_cjk(b)):
        return left + " " + right
    return left + right


def join_lines(lines: Iterable[str]) -> str:
    """Join the visual lines of one paragraph into one line of text (see :func:`join_pair`)."""
    out = ""
    for line in lines:
        out = join_pair(out, line) if out else line.lstrip()
    return out.strip()


# --- garbled text-layer detection -------------------------------------------


@lru_cache(maxsize=1)
def common_hanzi() -> frozenset[str]:
    """The set of common Han characters (``pipeline/data/common_hanzi.txt``)."""
    text = COMMON_HANZI_PATH.read_text(encoding="utf-8")
    chars = [ch for line in text.splitlines() if not line.startswith("#") for ch in line]
    return frozenset(ch for ch in chars if is_han(ch))


def garbled_score(text: str) -> float:
    """Share of Han characters in ``text`` that are common Chinese/Japanese characters.

    Real text scores close to 1 (> 0.8); a text layer decoded through the wrong
    CMap (e.g. reportlab's MSung-Light read back as 祣烼屁姦猧氦) scores low.
    Returns 1.0 when the text has no Han characters (nothing to judge).
    """
    han = _han_counts(text)  # per distinct character: a page has far fewer than its length
    total = sum(han.values())
    if not total:
        return 1.0
    common = common_hanzi()
    return sum(n for ch, n in han.items() if ch in common) / total


def han_count(text: str) -> int:
    """Number of Han characters in ``text``."""
    return sum(_han_counts(text).values())


def _han_counts(text: str) -> dict[str, int]:
    return {ch: n for ch, n in Counter(text).items() if is_han(ch)}
