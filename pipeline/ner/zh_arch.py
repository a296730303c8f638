"""Character + bigram embedding for the Chinese NER model (spaCy architecture).

Character bigrams are the strongest cheap feature for Chinese NER (Zhang & Yang
2018, "Chinese NER Using Lattice LSTM": char+bichar baselines): they carry much
of the word information a character CNN would otherwise have to build, so the
encoder can be shallower and faster. Each token (one character) is embedded as

    concat(HashEmbed(NORM_i), HashEmbed(NORM_{i-1} NORM_i), HashEmbed(NORM_i NORM_{i+1}))

mixed by one Maxout layer to ``width``. Keys are NORM ids, so the model's NORM
table (Traditional -> Simplified) applies to bigrams too.

``tripreport.CharLexiconEmbed.v1`` adds word-lexicon features in the manner of
SoftLexicon (Ma et al. 2020): for each character, which kinds of dictionary words
(jieba's dictionary, shipped with jieba on PyPI: person, place, organisation,
other proper noun, noun, verb, abbreviation, other) begin, continue or end at it.

Registered with spaCy's registry through the ``spacy_architectures`` entry point
in ``pyproject.toml`` (and on import of this module), so ``spacy.load`` finds it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import NORM
from spacy.util import registry
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array

_MIX = numpy.uint64(0x9E3779B97F4A7C15)  # golden-ratio multiplier: spreads the left key's bits
_BOUNDARY = numpy.uint64(0x5BD1E9955BD1E995)  # stands for the character before/after the text


def bigram_keys(norms: numpy.ndarray) -> numpy.ndarray:
    """Columns ``[norm_i, key(norm_{i-1}, norm_i), key(norm_i, norm_{i+1})]`` as uint64 (n x 3).

    The key of a pair is order-sensitive (``a * MIX ^ b``, wrapping), computed in
    numpy for the whole text at once.
    """
    n = norms.astype(numpy.uint64, copy=False).reshape(-1)
    prev = numpy.concatenate([numpy.array([_BOUNDARY], dtype=numpy.uint64), n[:-1]])
    nxt = numpy.concatenate([n[1:], numpy.array([_BOUNDARY], dtype=numpy.uint64)])
    with numpy.errstate(over="ignore"):
        left = prev * _MIX ^ n
        right = n * _MIX ^ nxt
    return numpy.stack([n, left, right], axis=1)


def _features_forward(model: Model, docs: list[Any], is_train: bool) -> tuple[list[Any], Any]:
    out = [model.ops.asarray2i(bigram_keys(doc.to_array([NORM])), dtype="uint64")  # type: ignore[arg-type]
           for doc in docs]  # (a numpy uint64 array is what thinc stores)
    return out, lambda d_features: []


def BigramFeatures() -> Model:
    """Docs -> per-doc uint64 arrays of character and bigram keys (no parameters)."""
    return Model("char_bigram_features", _features_forward)


@registry.architectures("tripreport.CharBigramEmbed.v1")
def char_bigram_embed(width: int, rows: int, bigram_rows: int, bigram_width: int = 0) -> Model:
    """Embed each character token with its NORM and its left and right NORM bigrams.

    width: output width (and the character table's width); rows: character table
    rows; bigram_rows / bigram_width: rows and width of each bigram table
    (``bigram_width=0`` means ``width``).
    """
    bw = bigram_width or width
    return _mixed_embed(BigramFeatures(), [(width, rows), (bw, bigram_rows), (bw, bigram_rows)], width)


def _mixed_embed(features: Model, tables: list[tuple[int, int]], width: int) -> Model:
    """``features`` (docs -> uint64 key columns) embedded column by column with hash tables
    of the given (width, rows), concatenated and mixed to ``width`` by one maxout layer."""
    embeddings: Model = concatenate(*(HashEmbed(w, n, column=i, seed=8 + i, dropout=0.0) for i, (w, n) in enumerate(tables)))
    return chain(
        features,
        list2ragged(),
        with_array(embeddings),
        with_array(Maxout(width, sum(w for w, _ in tables), nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )


# jieba part-of-speech tag -> lexicon class bit (0 is "other")
_POS_CLASS = {"nr": 1, "nrt": 1, "nrfg": 1, "ns": 2, "nt": 3, "nz": 4, "n": 5, "vn": 5, "v": 6, "j": 7}
MAX_WORD = 6


@lru_cache(maxsize=1)
def lexicon() -> dict[str, int]:
    """jieba's dictionary as ``word -> class bit mask`` (words of 2..MAX_WORD characters), once per process."""
    import jieba  # a pipeline dependency; its dictionary ships with the wheel

    words: dict[str, int] = {}
    path = Path(jieba.__file__).parent / "dict.txt"
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and 2 <= len(parts[0]) <= MAX_WORD:
                words[parts[0]] = words.get(parts[0], 0) | (1 << _POS_CLASS.get(parts[2], 0))
    return words


@lru_cache(maxsize=1)
def lexicon_prefixes() -> frozenset[str]:
    """Proper prefixes (>= 2 characters) of the lexicon's words: longer matches are tried only after one."""
    return frozenset(w[:k] for w in lexicon() for k in range(2, len(w)))


def lexicon_masks(chars: str, words: dict[str, int], prefixes: frozenset[str] | None = None) -> numpy.ndarray:
    """Per character, the class masks of dictionary words that Begin / are Inside / End at it (n x 3).

    ``prefixes`` (:func:`lexicon_prefixes`) only prunes the search; the result is the same.
    """
    n = len(chars)
    begin, inside, end = [0] * n, [0] * n, [0] * n
    get = words.get
    for j in range(n - 1):
        for k in range(j + 2, min(n, j + MAX_WORD) + 1):
            piece = chars[j:k]
            mask = get(piece)
            if mask:
                begin[j] |= mask
                end[k - 1] |= mask
                for m in range(j + 1, k - 1):
                    inside[m] |= mask
            if prefixes is not None and piece not in prefixes:
                break
    return numpy.array([begin, inside, end], dtype=numpy.uint64).T


@lru_cache(maxsize=1)
def _norm_chars() -> dict[int, str]:
    return {}  # NORM id -> its one-character string ("\x00" otherwise), filled as texts come


def _lexicon_forward(model: Model, docs: list[Any], is_train: bool) -> tuple[list[Any], Any]:
    words, prefixes, cache = lexicon(), lexicon_prefixes(), _norm_chars()
    out = []
    for doc in docs:
        norms = doc.to_array([NORM])
        strings = doc.vocab.strings
        keys = norms.tolist()
        for key in set(keys) - cache.keys():
            text = strings[key]
            # one character per token; anything else cannot be part of a dictionary word
            cache[key] = text if len(text) == 1 else "\x00"
        chars = "".join(map(cache.__getitem__, keys))
        feats = numpy.concatenate([bigram_keys(norms), lexicon_masks(chars, words, prefixes)], axis=1)
        out.append(model.ops.asarray2i(feats, dtype="uint64"))  # type: ignore[arg-type]  # numpy uint64 array
    return out, lambda d_features: []


@registry.architectures("tripreport.CharLexiconEmbed.v1")
def char_lexicon_embed(width: int, rows: int, bigram_rows: int, lexicon_width: int = 16) -> Model:
    """:func:`char_bigram_embed` plus three small tables for the lexicon masks (begin / inside / end)."""
    tables = [(width, rows), (width, bigram_rows), (width, bigram_rows)] + [(lexicon_width, 512)] * 3
    return _mixed_embed(Model("char_lexicon_features", _lexicon_forward), tables, width)
