"""Word-level help from jieba for the rule components: its tokenizer and function-word trimming.

jieba (and its dictionary, about a second to load) is imported on first use only,
once per process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pipeline.text.fold import fold, fold_chars


@lru_cache(maxsize=1)
def jieba_tokenizer() -> tuple[Any, dict[str, int]]:
    """jieba's POS tokenizer and word frequencies, loaded once (about a second)."""
    import logging

    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    # HMM off: unknown words (most names) stay split into single characters, which is
    # what the checks below rely on, and it is several times faster.
    return pseg, jieba.dt.FREQ


# jieba part-of-speech tags of words that do not begin or end a name: verbs, adverbs,
# prepositions, conjunctions, particles, pronouns (not numerals: jieba tags 千葉 and 台日 as m).
FUNCTION_TAGS = ("v", "d", "p", "c", "u", "r", "ad")
# The one-character conjunctions that join two names or two sectors (電子與光電, 通訊與能源).
CONJUNCTION_CHARS = "與与及和"


def _function(token: tuple[str, str], tags: tuple[str, ...] = FUNCTION_TAGS) -> bool:
    word, flag = token
    return len(word) >= 2 and flag.startswith(tags) and not flag.startswith("vn")


@lru_cache(maxsize=65536)
def trim_function_words(text: str, left: bool = True, right: bool = False,
                        tags: tuple[str, ...] = FUNCTION_TAGS) -> tuple[int, int]:
    """(start, end) inside ``text`` after dropping leading/trailing function words (持續支持 | 說明);
    ``tags`` are the jieba tags of the words dropped."""
    pseg, _freq = jieba_tokenizer()
    tokens = [(p.word, p.flag) for p in pseg.lcut(fold_chars(text), HMM=False)]
    start, end = 0, len(text)
    if left:
        while len(tokens) > 1 and _function(tokens[0], tags):
            start += len(tokens.pop(0)[0])
    if right:
        while len(tokens) > 1 and _function(tokens[-1], tags):
            end -= len(tokens.pop()[0])
    return start, end


_WINDOW = 6  # characters of context each side when asking jieba where the words are


@lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's (word, tag) tokens of ``text`` (folded to Simplified, HMM off: names stay split)."""
    pseg, _freq = jieba_tokenizer()
    return tuple((p.word, p.flag) for p in pseg.lcut(fold_chars(text), HMM=False))


def common_words_cover(head: str) -> bool:
    """True if common words of 2+ characters (jieba's dictionary, not names) cover more
    than half of ``head``: 快閃記憶體, 生產, 金融; 大阪國際 and 元町 are names."""
    pseg, freq = jieba_tokenizer()
    covered = sum(
        len(t.word) for t in pseg.lcut(fold(head), HMM=False)
        if len(t.word) >= 2 and not t.flag.startswith(("nr", "ns", "nt", "nz"))
        and freq.get(t.word, 0) >= (300 if len(t.word) == 2 else 1)
    )
    return covered * 2 > len(head)


def after_clause(head: str) -> int:
    """Offset just after the last verb of ``head`` and the counts after it (在上海投资建立|新,
    來台設置|半導體研磨墊, 建设|一座|电池, 走进|句容): the name of a facility or a zone is a noun
    phrase, so a verb before its suffix ends the clause that introduces it (jieba tags; verbal
    nouns stay: 會展, 研發)."""
    words = tokens(head)
    pos = cut = 0
    for word, tag in words[:-1]:
        pos += len(word)
        if tag.startswith("v") and tag != "vn":
            cut = pos
        elif pos - len(word) == cut and (tag.startswith("m") or (cut and tag.startswith("q"))):
            cut = pos  # counts and ordinals opening the head or right after the verb: 二期, 一家
    return cut


def word_at(text: str, pos: int) -> tuple[int, int, str]:
    """(start, end, jieba tag) of the dictionary word holding the character at ``pos``."""
    lo = max(0, pos - _WINDOW)
    at = lo
    for word, tag in tokens(text[lo:min(len(text), pos + _WINDOW)]):
        if at <= pos < at + len(word):
            return at, at + len(word), tag
        at += len(word)
    return pos, pos + 1, ""


def word_start(text: str, pos: int) -> int:
    """Start of the dictionary word that runs across ``pos`` (``pos`` itself if none does)."""
    if pos <= 0 or pos >= len(text):
        return pos
    lo = max(0, pos - _WINDOW)
    at = lo
    for word, _tag in tokens(text[lo:min(len(text), pos + _WINDOW)]):
        if at < pos < at + len(word) and len(word) >= 2:
            return at
        at += len(word)
        if at >= pos:
            break
    return pos


def word_aligned(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` begins and ends at word boundaries of one jieba segmentation of
    its context, ``_WINDOW`` characters each side (华大 is no word of 中华大地). One window
    over the whole piece: :func:`word_start` at each edge segments a window centred there,
    which may cut a long name differently (应|中国国际贸易促进|委员会)."""
    lo, hi = max(0, start - _WINDOW), min(len(text), end + _WINDOW)
    pos, cuts = lo, {lo}
    for word, _tag in tokens(text[lo:hi]):
        pos += len(word)
        cuts.add(pos)
    return start in cuts and end in cuts
