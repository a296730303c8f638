"""Regex building blocks shared by the rules: one alternation of literal words."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

NEVER = "(?!)"
"""A pattern that matches nowhere: the alternation of no words."""


def alternation(words: Iterable[str], *, fold: Callable[[str], str] | None = None) -> str:
    """The escaped alternation of ``words``, longest first (``"工業局|工業|局"``).

    Longest first because Python's ``re`` takes the first alternative that matches, not
    the longest: with ``工業|工業局`` a text's 工業局 would stop at 工業, the shorter word
    shadowing the longer one that starts the same. Words of the same length are ordered
    alphabetically (they cannot both match at one position, so only for a stable pattern);
    duplicates are dropped. ``fold`` (e.g. ``fold_chars``) is applied to each word first,
    for patterns matched on folded text. No words give :data:`NEVER`, which matches
    nowhere (an empty alternation would match the empty string everywhere). The result
    has no group; wrap it in ``(?:...)`` before adding anything around it.
    """
    unique = {fold(w) for w in words} if fold else set(words)
    return "|".join(re.escape(w) for w in sorted(unique, key=lambda w: (-len(w), w))) or NEVER
