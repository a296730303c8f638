"""Family and given names from a complete public lexicon, in any CJK script.

Sudachi's system dictionary (SudachiDict-core, Apache-2.0, installed with GiNZA) tags
personal-name entries 人名/姓 (family) and 人名/名 (given); Chinese spellings are
mapped to Japanese ones before the lookup (齋藤/斋藤 -> 斎藤, 十仓 -> 十倉). Chinese
family names come from ``configs/ner.toml [persons] surnames_file``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pipeline.ner.config import load_config, read_list
from pipeline.text.chars import VARIANT_FORMS, is_katakana
from pipeline.text.fold import _jp2t, _s2t_candidates, fold_chars, jp_to_traditional  # fold's OpenCC tables

_MAX_FORMS = 8


@lru_cache(maxsize=1)
def sudachi_dictionary() -> Any:
    """SudachiDict-core, opened once per process (name lookups here, and the tokenizer of
    :mod:`pipeline.ner.ja_names` when the Japanese model does not provide one)."""
    from sudachipy import dictionary  # lazy: the dictionary is memory-mapped once

    return dictionary.Dictionary()


@lru_cache(maxsize=1)
def _to_japanese() -> dict[str, list[str]]:
    """Traditional -> Japanese shinjitai character forms (齋 -> 斎, 倉 stays)."""
    out: dict[str, list[str]] = {}
    for jp, trad in _jp2t().items():
        out.setdefault(trad, []).append(jp)
    return out


def to_shinjitai(word: str) -> str:
    """``word`` with each Traditional character in its first shinjitai form (縣長 -> 県長)."""
    return "".join(_to_japanese().get(ch, [ch])[0] for ch in word)


def japanese_forms(word: str) -> list[str]:
    """Spellings of ``word`` as Japanese could write it: each character as written, its
    Traditional forms (Simplified input) and their shinjitai forms (斋藤 -> 斎藤, 齋藤)."""
    forms = [""]
    to_ja, s2t = _to_japanese(), _s2t_candidates()
    for ch in word:
        cands = [ch]
        for t in [ch, *s2t.get(ch, []), *VARIANT_FORMS.get(ch, "")]:
            for c in [t, *to_ja.get(t, [])]:
                if c not in cands:
                    cands.append(c)
        forms = [f + c for f in forms for c in cands][:_MAX_FORMS]
    return forms


@lru_cache(maxsize=65536)
def name_kinds(word: str) -> frozenset[str]:
    """``姓`` and/or ``名`` if some Japanese spelling of ``word`` is a dictionary entry of
    that kind (a word may be both: 幸, 雅)."""
    kinds: set[str] = set()
    d = sudachi_dictionary()
    for form in japanese_forms(word):
        for m in d.lookup(form):
            pos = m.part_of_speech()
            if pos[2] == "人名" and pos[3] in ("姓", "名"):
                kinds.add(pos[3])
    return frozenset(kinds)


def ja_family(word: str) -> bool:
    """A Japanese family name of 2-3 characters in the dictionary (佐藤, 十倉, 大須賀)."""
    return 2 <= len(word) <= 3 and "姓" in name_kinds(word)


def ja_given(word: str) -> bool:
    """A Japanese given name in the dictionary (幸人, 雅和, 毅)."""
    return "名" in name_kinds(word)


@lru_cache(maxsize=1)
def _chinese_surnames() -> frozenset[str]:
    return frozenset(read_list(load_config()["persons"]["surnames_file"]))


def chinese_surname(ch: str) -> bool:
    """A one-character Chinese surname of ``[persons] surnames_file``, in any script (黄 = 黃,
    陈 = 陳); the one test, used by the Japanese-text rules too."""
    s = _chinese_surnames()
    return ch in s or jp_to_traditional(ch) in s or fold_chars(ch, "traditional") in s


def family_first(name: str) -> bool:
    """``name`` starts with a family name: a Chinese surname or a Japanese family name."""
    return bool(name) and (chinese_surname(name[0]) or ja_family(name[:2]) or ja_family(name[:3]))


@lru_cache(maxsize=4096)
def common_loanword(word: str) -> bool:
    """A katakana word that SudachiDict-core reads as a common noun or an adjectival noun and
    never as the proper name of a thing or body (グローバル, インテリジェンス; not トヨタ)."""
    if not word or not all(map(is_katakana, word)):
        return False
    pos = [m.part_of_speech() for m in sudachi_dictionary().lookup(word)]
    common = any(p[0] == "形状詞" or p[1] == "普通名詞" for p in pos)
    return common and not any(p[1] == "固有名詞" and p[2] != "人名" for p in pos)
