"""Character + bigram embedding for the Chinese NER model (spaCy architecture).

Character bigrams are the strongest cheap feature for Chinese NER (Zhang & Yang
2018, "Chinese NER Using Lattice LSTM": char+bichar baselines): they carry much
of the word information a character CNN would otherwise have to build, so the
encoder can be shallower and faster. Each token (one character) is embedded as

    concat(HashEmbed(NORM_i), HashEmbed(NORM_{i-1} NORM_i), HashEmbed(NORM_i NORM_{i+1}))

mixed by one Maxout layer to ``width``. Keys are NORM ids, so the model's NORM
table (Traditional -> Simplified) applies to bigrams too.

Registered with spaCy's registry through the ``spacy_architectures`` entry point
in ``pyproject.toml`` (and on import of this module), so ``spacy.load`` finds it.
"""

from __future__ import annotations

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
    out = [model.ops.asarray2i(bigram_keys(doc.to_array([NORM])), dtype="uint64") for doc in docs]
    return out, lambda d_features: []


def BigramFeatures() -> Model:  # noqa: N802 - thinc layer naming
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
    embeddings = concatenate(
        HashEmbed(width, rows, column=0, seed=8, dropout=0.0),
        HashEmbed(bw, bigram_rows, column=1, seed=9, dropout=0.0),
        HashEmbed(bw, bigram_rows, column=2, seed=10, dropout=0.0),
    )
    return chain(
        BigramFeatures(),
        list2ragged(),
        with_array(embeddings),
        with_array(Maxout(width, width + 2 * bw, nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )
