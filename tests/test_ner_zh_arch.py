"""The Chinese model's feature layers (pipeline/ner/zh_arch.py): keys, lexicon masks, shapes."""

from __future__ import annotations

import numpy
import pytest
import spacy

from pipeline.ner.zh_arch import MAX_WORD, bigram_keys, char_bigram_embed, char_lexicon_embed, lexicon, lexicon_masks


def test_bigram_keys_are_order_sensitive_and_shared_between_neighbours() -> None:
    keys = bigram_keys(numpy.array([11, 22, 33], dtype=numpy.uint64))
    assert keys.shape == (3, 3) and keys.dtype == numpy.uint64
    assert list(keys[:, 0]) == [11, 22, 33]
    assert keys[0, 2] == keys[1, 1]  # right bigram of 0 = left bigram of 1
    assert keys[1, 2] != bigram_keys(numpy.array([33, 22], dtype=numpy.uint64))[0, 2]  # 22·33 != 33·22


def test_lexicon_masks_mark_begin_inside_end() -> None:
    words = {"半導體": 0b100, "導體": 0b10}
    masks = lexicon_masks("新半導體", words)
    assert masks[1].tolist() == [0b100, 0, 0]  # 半: begins 半導體
    assert masks[2].tolist() == [0b10, 0b100, 0]  # 導: begins 導體, inside 半導體
    assert masks[3].tolist() == [0, 0, 0b110]  # 體: ends both
    assert masks[0].tolist() == [0, 0, 0]


def test_jieba_lexicon_has_typed_words() -> None:
    words = lexicon()
    assert len(words) > 100_000
    assert all(2 <= len(w) <= MAX_WORD for w in list(words)[:1000])
    assert words.get("北京", 0) & (1 << 2)  # a place (ns)


@pytest.mark.parametrize("factory", [lambda: char_bigram_embed(32, 1000, 1000),
                                     lambda: char_lexicon_embed(32, 1000, 1000, 8)])
def test_embedding_layers_give_one_vector_per_character(factory) -> None:  # type: ignore[no-untyped-def]
    nlp = spacy.blank("zh")  # character segmentation
    docs = [nlp.make_doc("經濟部工業局"), nlp.make_doc("台北")]
    model = factory()
    model.initialize(X=docs)
    out = model.predict(docs)
    assert [o.shape for o in out] == [(6, 32), (2, 32)]
