"""Cross-script canonical forms for entity names.

``fold`` makes Traditional Chinese, Simplified Chinese and Japanese shinjitai
spellings of one name equal (経済産業省 = 經濟產業省 = 经济产业省): NFKC, then
every character is mapped Japanese → Traditional (the inverse of OpenCC's
``JPVariants`` table) → Simplified (OpenCC's ``TSCharacters``), then spaces and
punctuation are removed and the result is case-folded.

``fold_chars`` is the same character mapping without the removals, so its
output has exactly the length of its input: matchers search the folded text
and report offsets that are valid in the original text.

The tables are read lazily, once per process, from the data files shipped in
``opencc-python-reimplemented``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from functools import lru_cache
from pathlib import Path

__all__ = ["fold", "fold_chars", "canonical_id", "jp_to_traditional", "display_form"]


def _opencc_dictionary(name: str) -> Path:
    import opencc  # lazy: only the data files are used

    return Path(opencc.__file__).resolve().parent / "dictionary" / name


def _read_pairs(name: str) -> list[tuple[str, list[str]]]:
    pairs = []
    for line in _opencc_dictionary(name).read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        key, values = line.split("\t", 1)
        pairs.append((key, values.split()))
    return pairs


@lru_cache(maxsize=1)
def _jp2t() -> dict[str, str]:
    """Shinjitai → Traditional, single characters only (経→經, 県→縣, 区→區)."""
    out: dict[str, str] = {}
    for trad, jps in _read_pairs("JPVariants.txt"):
        if len(trad) != 1:
            continue
        for jp in jps:
            if len(jp) == 1 and jp != trad:
                out.setdefault(jp, trad)
    # Forms JPVariants lacks but reports use (Japanese 弁 has three sources; keep 辨).
    out.setdefault("辺", "邊")
    out.setdefault("斎", "齋")
    return out


@lru_cache(maxsize=1)
def _t2s() -> dict[str, str]:
    """Traditional → Simplified, single characters, first candidate."""
    out: dict[str, str] = {}
    for trad, simps in _read_pairs("TSCharacters.txt"):
        if len(trad) == 1 and simps and len(simps[0]) == 1:
            out[trad] = simps[0]
    return out


@lru_cache(maxsize=1)
def _s2t() -> dict[str, str]:
    """Simplified → Traditional, single characters, first candidate (features only)."""
    out: dict[str, str] = {}
    for simp, trads in _read_pairs("STCharacters.txt"):
        if len(simp) == 1 and trads and len(trads[0]) == 1 and trads[0] != simp:
            out[simp] = trads[0]
    return out


@lru_cache(maxsize=1)
def _s2t_candidates() -> dict[str, list[str]]:
    return {simp: trads for simp, trads in _read_pairs("STCharacters.txt") if len(simp) == 1}


def simplified_twin(text: str) -> str | None:
    """The Simplified spelling of a Traditional word when it reads back unambiguously.

    None when the word is already Simplified or when one of its Simplified characters
    also stands for other Traditional characters (係 → 系, which is also 系 and 繫):
    a list of Traditional stop characters must not stop at every 系 of Simplified text.
    """
    out = []
    for ch in text:
        simp = _t2s().get(ch, ch)
        cands = _s2t_candidates().get(simp, [simp])
        if simp != ch and (len(cands) > 1 or cands[0] != ch):
            return None
        out.append(simp)
    twin = "".join(out)
    return twin if twin != text else None


# Characters made in Japan that Chinese names write with another character (労働 = 勞動 = 劳动:
# 厚生労働省 and 厚生劳动省 are one ministry). Only in the name key (``simplified`` target).
_KOKUJI = {"働": "動"}


class _FoldTable(dict[int, str]):
    """``str.translate`` table filled on demand: ord(char) → folded char.

    Every character goes NFKC → Japanese shinjitai to Traditional → the target
    script → lower case; a step that would change the length is skipped.
    """

    def __init__(self, target: str) -> None:
        super().__init__()
        self.target = target

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        n = unicodedata.normalize("NFKC", ch)
        if len(n) != 1:
            n = ch  # keep one character per character (offsets)
        n = _jp2t().get(n, n)
        if self.target == "simplified":
            n = _KOKUJI.get(n, n)
        n = (_t2s() if self.target == "simplified" else _s2t()).get(n, n)
        low = n.lower()
        n = low if len(low) == 1 else n
        if n != ch:
            # Fold the result again until it stays: 滬 -> 沪 -> 滤 (沪 is also the Japanese form
            # of 濾), so 滬 and 沪 get one key and folding folded text changes nothing.
            self[code] = n  # a cycle stops here
            n = self[ord(n)]
        self[code] = n
        return n


@lru_cache(maxsize=2)
def _fold_table(target: str) -> _FoldTable:
    return _FoldTable(target)


def fold_chars(text: str, target: str = "simplified") -> str:
    """Character-wise fold with ``len(result) == len(text)`` (for offset-keeping matching).

    ``target`` is the script every Han character is mapped to: ``simplified`` (the
    matching key of names: it merges the most spellings) or ``traditional`` (the
    sector classifier's features: 製/制 and 後/后 stay apart there).
    """
    if target not in ("simplified", "traditional"):
        raise ValueError(f"fold target must be simplified or traditional, not {target!r}")
    return text.translate(_fold_table(target))


def _keep(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return not (cat[0] in "PZC" or cat in ("Sm", "Sk", "So"))


def letters_only(text: str) -> str:
    """NFKC, case-folded, without spaces, punctuation, symbols or control characters.

    The part of every matching key that ignores how a text was typeset; ``fold`` adds
    the cross-script fold on top of it."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if _keep(ch)).casefold()


def fold(text: str) -> str:
    """The matching key of a name: NFKC, one script, no spaces/punctuation, case-folded."""
    if not text:
        return ""
    return letters_only(fold_chars(unicodedata.normalize("NFKC", text)))


def jp_to_traditional(text: str) -> str:
    """Japanese shinjitai → Traditional Chinese characters (経済産業省 → 經濟產業省)."""
    table = _jp2t()
    # Taiwanese usage keeps 台 in Japanese names (仙台, 台東区), so 台 stays.
    return "".join(ch if ch == "台" else table.get(ch, ch) for ch in text)


def display_form(text: str) -> str:
    """A surface form tidied for display: NFKC letters/digits, inner CJK spaces kept single."""
    t = unicodedata.normalize("NFKC", text or "")
    return " ".join(t.split())


def canonical_id(label: str, folded: str) -> str:
    """Stable id of a canonical entity: ``LABEL:`` + 12 hex digits of SHA-1 of the folded name."""
    digest = hashlib.sha1(folded.encode("utf-8")).hexdigest()[:12]
    return f"{label}:{digest}"
