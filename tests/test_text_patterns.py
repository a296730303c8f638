"""The longest-first alternation of literal words (pipeline.text.patterns)."""

from __future__ import annotations

import re

from pipeline.text.fold import fold_chars
from pipeline.text.patterns import NEVER, alternation


def test_longer_word_is_not_shadowed_by_a_shorter_one_starting_the_same():
    # In input order 工業 would be tried first and 工業局 cut to 工業.
    assert re.match(alternation(["工業", "工業局"]), "工業局長").group(0) == "工業局"
    assert re.findall(alternation(["Co.", "Co., Ltd."]), "Acme Co., Ltd.") == ["Co., Ltd."]


def test_words_are_matched_literally_and_ties_are_ordered_stably():
    assert alternation(["a.b", "(x)"]) == r"\(x\)|a\.b"
    assert alternation(["b", "a", "b"]) == "a|b"
    assert re.search(alternation(["a.b"]), "axb") is None


def test_fold_applies_before_ordering_and_dedupes_spellings():
    alt = alternation(["園區", "园区", "區"], fold=fold_chars)
    assert alt == re.escape(fold_chars("園區")) + "|" + re.escape(fold_chars("區"))


def test_no_words_match_nowhere_instead_of_everywhere():
    assert alternation([]) == NEVER
    assert re.search(f"(?:{alternation([])})", "any text") is None
