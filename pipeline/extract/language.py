"""Language of paragraphs: zh-Hant, zh-Hans, ja, en, und.

Decision per text, by script evidence:

* kana (hiragana/katakana, not the ``ー`` and ``・`` that Chinese also uses) above
  a small share of the CJK characters -> ``ja``;
* mostly Latin letters -> ``en``;
* otherwise Chinese: characters that exist only in Traditional vs only in
  Simplified script decide ``zh-Hant``/``zh-Hans``; Japanese shinjitai-only kanji
  (経, 仏 …) outweighing both -> ``ja``; no evidence -> ``zh-Hant`` (the corpus
  is Taiwanese) or, in :func:`annotate`, the document's dominant variant;
* too few letters -> ``und``.

The script sets are derived from OpenCC's character tables once per process.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.document import Block, Document
from pipeline.extract.sections import walk

KANA_SHARE = 0.1  # kana / (kana + han) at or above this: Japanese
LATIN_PER_CJK = 8.0  # Latin letters per CJK char above which a text is English
# ("參訪 Fraunhofer IPMS" is a Chinese heading: 15 letters, 2 Han)
MIN_LETTERS = 2  # fewer letters than this: und
SHORT = 40  # paragraphs shorter than this merge with same-language neighbours
JP_WEIGHT = 3  # one shinjitai-only kanji outweighs this many Traditional-only ones
DEFAULT_ZH = "zh-Hant"
WEAK_EVIDENCE = 2  # at most this many script-specific Han chars (and no kana): weak

_CJK_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0xF900, 0xFAFF), (0x20000, 0x2FFFF))


@dataclass
class Profile:
    """Character counts of a text by script class."""

    kana: int = 0
    han: int = 0
    latin: int = 0
    trad: int = 0  # Traditional-only Han characters
    simp: int = 0  # Simplified-only Han characters
    simp_jp: int = 0  # of those, forms Japanese also writes (会, 区, 号 …)
    jp: int = 0  # Japanese shinjitai-only kanji
    zh_only: int = 0  # Han characters Japanese text does not write (會, 來, 们): Chinese even there


def _is_kana(cp: int) -> bool:
    if cp in (0x30FB, 0x30FC, 0xFF65, 0xFF70):  # ・ ー (also used in Chinese text)
        return False
    return 0x3041 <= cp <= 0x309F or 0x30A0 <= cp <= 0x30FF or 0x31F0 <= cp <= 0x31FF or (
        0xFF66 <= cp <= 0xFF9D)


def _is_han(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


def _dictionary_self_alternatives(dict_dir: Path) -> set[str]:
    """Characters that list themselves among their conversions (台 -> 臺 檯 颱 台):
    they are normal in both scripts, so they are evidence for neither."""
    out: set[str] = set()
    for name in ("STCharacters.txt", "TSCharacters.txt"):
        path = dict_dir / name
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            key, _, alts = line.partition("\t")
            if key in alts.split():
                out.add(key)
    return out


@lru_cache(maxsize=1)
def _tables() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """Traditional-only, Simplified-only, Japanese-only, Simplified forms that are also
    Japanese shinjitai (see :func:`script_sets`), and the Han characters a Japanese text
    does not write: Traditional forms whose Japanese form differs (會 -> 会, 來 -> 来,
    綠 -> 緑, from OpenCC's JPVariants keys) and Simplified-only forms Japanese does not
    share (们, 这)."""
    import opencc  # lazy: a few hundred ms, once per process

    chars = [chr(cp) for cp in range(0x4E00, 0xA000)] + [chr(cp) for cp in range(0x3400, 0x4DC0)]
    joined = "\n".join(chars)  # one char per line: phrase tables cannot span chars
    t2s = opencc.OpenCC("t2s").convert(joined).split("\n")
    s2t = opencc.OpenCC("s2t").convert(joined).split("\n")
    if len(t2s) != len(chars) or len(s2t) != len(chars):  # pragma: no cover - defensive
        raise RuntimeError("OpenCC changed the line structure")
    trad = {c for c, x in zip(chars, t2s) if x != c}
    simp = {c for c, x in zip(chars, s2t) if x != c}
    dict_dir = Path(opencc.__file__).resolve().parent / "dictionary"
    jp: set[str] = set()
    kyujitai: set[str] = set()  # keys with a Japanese form of their own
    jp_table = dict_dir / "JPVariants.txt"
    if jp_table.is_file():
        for line in jp_table.read_text(encoding="utf-8").splitlines():
            key, _, alts = line.partition("\t")
            new = [a for a in alts.split() if a != key]
            jp.update(new)
            if key and new:
                kyujitai.add(key)
    # Evidence for no single script: in both sets, listed as its own alternative,
    # or a shinjitai form that is also Traditional-only (為, 連, 産 …).
    ambiguous = (trad & simp) | _dictionary_self_alternatives(dict_dir) | (trad & jp)
    trad -= ambiguous
    simp -= ambiguous
    simp_jp = simp & jp
    jp -= simp | ambiguous
    zh_only = (kyujitai & trad) | (simp - simp_jp)
    return frozenset(trad), frozenset(simp), frozenset(jp), frozenset(simp_jp), frozenset(zh_only)


@lru_cache(maxsize=1)
def script_sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """``(traditional_only, simplified_only, japanese_only)`` character sets.

    Traditional-only: ``t2s(c) != c``; Simplified-only: ``s2t(c) != c``; minus
    characters in both sets or listed as their own alternative.  Japanese-only:
    shinjitai forms of OpenCC's JPVariants table that are neither.  Computed once
    per process.
    """
    return _tables()[:3]


def profile(text: str) -> Profile:
    """Count kana, Han (and its Traditional/Simplified/Japanese-only subsets) and Latin letters."""
    trad, simp, jp, simp_jp, zh_only = _tables()
    p = Profile()
    for ch in text:
        cp = ord(ch)
        if cp < 0x80:
            if ch.isalpha():
                p.latin += 1
        elif _is_kana(cp):
            p.kana += 1
        elif _is_han(cp):
            p.han += 1
            p.zh_only += ch in zh_only
            if ch in trad:
                p.trad += 1
            elif ch in simp:
                p.simp += 1
                p.simp_jp += ch in simp_jp
            elif ch in jp:
                p.jp += 1
        elif ch.isalpha() and cp < 0x250:  # Latin-1 and Latin Extended letters
            p.latin += 1
    return p


def classify(p: Profile, default_zh: str = DEFAULT_ZH) -> str:
    """The language for a :class:`Profile` (see the module docstring)."""
    cjk = p.kana + p.han
    if cjk + p.latin < MIN_LETTERS:
        return "und"
    if p.kana and p.kana / cjk >= KANA_SHARE:
        return "ja"
    if p.latin > LATIN_PER_CJK * cjk:
        return "en"
    if cjk == 0:
        return "und"
    # Shinjitai-only kanji are strong evidence (Japanese also writes 業, 東 …, which
    # count as Traditional); a Chinese text quoting one Japanese name stays Chinese.
    if p.jp >= 2 and JP_WEIGHT * p.jp > p.trad and p.jp > p.simp - p.simp_jp:
        return "ja"
    if p.trad > p.simp:
        return "zh-Hant"
    if p.simp > p.trad:
        return "zh-Hans"
    return default_zh


def in_japanese(p: Profile, lang: str) -> str:
    """The language of a text inside a Japanese document: ``ja`` unless it is clearly
    Chinese. A line of kanji only (三重県知事 鈴木 英敬, 経済産業省製造産業局) or with a
    little kana is Japanese there; a quoted Chinese line (資料來源:資策會) keeps its
    variant because it writes characters Japanese does not (來, 會)."""
    if lang in ("ja", "en", "und"):
        return lang
    if not p.kana and p.zh_only >= 2 and p.zh_only > p.jp:
        return lang
    return "ja"


def _total(profiles: list[Profile]) -> Profile:
    """The sum of ``profiles``' counts (one profile for a whole document)."""
    total = Profile()
    for p in profiles:
        for name, value in vars(p).items():
            setattr(total, name, getattr(total, name) + value)
    return total


def line_languages(lines: list[str]) -> list[str]:
    """The language of each line of one document: :func:`detect_language` per line,
    then, when the whole document is Japanese, :func:`in_japanese` (per-line detection
    alone sends a Japanese line of kanji to the Chinese model)."""
    return _document_languages([profile(t) for t in lines])


def _document_languages(profiles: list[Profile],
                        smooth: Callable[[list[str]], list[str]] | None = None) -> list[str]:
    """The language of each of one document's profiles: :func:`classify` with the
    document's Chinese script as default, ``smooth``-ed, then :func:`in_japanese` when
    the whole document is Japanese (its kanji-only lines too)."""
    total = _total(profiles)
    doc_zh = "zh-Hans" if total.simp > total.trad else "zh-Hant"
    langs = [classify(p, doc_zh) for p in profiles]
    if smooth is not None:
        langs = smooth(langs)
    if classify(total, doc_zh) == "ja":
        langs = [in_japanese(p, lang) for p, lang in zip(profiles, langs, strict=True)]
    return langs


def detect_language(text: str, default_zh: str = DEFAULT_ZH) -> str:
    """``zh-Hant``, ``zh-Hans``, ``ja``, ``en`` or ``und`` for a piece of text.

    Chinese text with no script evidence (e.g. ``日本千葉``) gets ``default_zh``.
    """
    return classify(profile(text), default_zh)


def annotate(doc: Document) -> None:
    """Split body text into language blocks (``doc.blocks``) and count characters
    per language (``doc.pipeline["languages"]``).

    Blocks follow the section tree (one or more per section, front matter and text
    before the first heading included); short paragraphs merge with a neighbour of
    the same language in the same section, and ``und`` fragments join their neighbour.
    """

    _, paragraphs = walk(doc)
    profiles = [profile(p.text) for p in paragraphs]
    langs = _document_languages(profiles, lambda langs: _smooth(paragraphs, profiles, langs))
    blocks: list[Block] = []
    last_len: list[int] = []  # per block: length of its last paragraph that had a language
    for para, lang in zip(paragraphs, langs):
        text = para.text.strip()
        prev = blocks[-1] if blocks else None
        same_section = prev is not None and prev.section == para.section
        if prev is not None and same_section and _merge(prev, last_len[-1], text, lang):
            if prev.lang == "und":
                prev.lang = lang
            prev.text = f"{prev.text}\n{text}"
            if lang != "und":
                last_len[-1] = len(text)
            continue
        blocks.append(Block(lang=lang, text=text, section=para.section, page=para.page))
        last_len.append(len(text) if lang != "und" else 0)
    doc.blocks = blocks
    counts: Counter[str] = Counter()
    for b in blocks:
        counts[b.lang] += sum(1 for ch in b.text if not ch.isspace())
    doc.pipeline["languages"] = dict(counts.most_common())


def _weak(p: Profile) -> bool:
    """Too little script evidence to tell zh from ja ("以上", "2．概要", a date line)."""
    return p.kana == 0 and p.jp < 2 and p.trad + p.simp <= WEAK_EVIDENCE


def _smooth(paragraphs: list, profiles: list[Profile], langs: list[str]) -> list[str]:
    """Weakly evidenced paragraphs become ``ja`` when the nearest well-evidenced
    paragraph in the same top-level section (previous, else next) is Japanese
    (a date line or "以上" in a Japanese attachment).  Chinese variants are not
    smoothed: a quoted Simplified passage must not recolour the next heading."""
    root = [(p.section or "").split(".")[0] for p in paragraphs]
    strong = [lang not in ("und", "en") and not _weak(pr) for lang, pr in zip(langs, profiles)]
    out = list(langs)
    for i, (lang, pr) in enumerate(zip(langs, profiles)):
        if lang in ("und", "en") or not _weak(pr):
            continue
        before = (j for j in range(i - 1, -1, -1) if root[j] == root[i] and strong[j])
        after = (j for j in range(i + 1, len(langs)) if root[j] == root[i] and strong[j])
        j = next(before, None)
        if j is None:
            j = next(after, None)
        if j is not None and langs[j] == "ja":
            out[i] = "ja"  # zh-Hant/zh-Hans stay with the document's variant
    return out


def _merge(prev: Block, prev_len: int, text: str, lang: str) -> bool:
    """Merge a paragraph into the previous block (same section)?"""
    if lang == "und" or (prev.lang == "und" and len(prev.text) < SHORT):
        return True
    return lang == prev.lang and (len(text) < SHORT or prev_len < SHORT)
