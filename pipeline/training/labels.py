"""Label maps of the public NER corpora onto the project labels (``configs/labels/zh.toml``,
``configs/labels/ja_corpora.toml``), shared by the Chinese and Japanese training code.

A corpus label mapped to ``GPE*`` (or ``LOC*``...) is re-typed per name by the map's
``[retype]`` lists: exact region names -> LOC, then FAC suffixes, then LOC suffixes.
A label mapped to ``"-"`` (:data:`MISSING`) is kept as a span of unknown annotation: its
tokens are neither entity nor "no entity" in training (a name the corpus annotates with a
type we do not use, such as a book title, must not teach the model that it is no name).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

Example = dict[str, Any]  # {"text": str, "entities": [[start, end, label], ...]}
MISSING = "-"  # label of a span whose annotation is unknown (spaCy's missing BILUO value)


@lru_cache(maxsize=4)
def load_corpus_maps(path: Path) -> dict[str, Any]:
    """Read a corpus label-map file (one table per corpus plus ``[retype]``)."""
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def retype_place(name: str, default: str, path: Path) -> str:
    """Re-type a place name to LOC or FAC by general region names and suffixes, else ``default``.

    ``[retype]`` keys: ``loc_exact``, ``fac_suffixes``, ``loc_suffixes``; optional
    ``loc_not`` (names never re-typed) and ``single_char_min_len`` (a one-character suffix
    applies only to names at least this long: 台湾, 青岛 stay GPE).
    """
    rt = load_corpus_maps(path)["retype"]
    if name in rt["loc_exact"]:
        return "LOC"
    if name in rt.get("loc_not", ()):
        return default
    short = int(rt.get("single_char_min_len", 0))
    for key, label in (("fac_suffixes", "FAC"), ("loc_suffixes", "LOC")):
        for suf in rt[key]:
            if name.endswith(suf) and len(name) > len(suf) and (len(suf) > 1 or len(name) >= short):
                return label
    return default


def map_entities(corpus: str, ex: Example, path: Path) -> list[list[Any]]:
    """One source example's entities on our labels (unmapped labels and overlapping spans dropped).

    An ORG span that is a generic noun (``[generic_org]`` of the map: 公司, 本公司, 该行...)
    becomes :data:`MISSING`: some corpora annotate it, our documents do not.
    """
    maps = load_corpus_maps(path)
    cmap = maps[corpus]
    generic = maps.get("generic_org", {})
    ents: list[list[Any]] = []
    last_end = -1
    for start, end, label in ex["entities"]:
        target = cmap.get(label)
        if target is None or start < last_end:  # unmapped, or nested/overlapping span
            continue
        name = ex["text"][start:end]
        if target.endswith("*"):
            target = retype_place(name, target[:-1], path)
        elif target == "ORG" and _is_generic(name, generic):
            target = MISSING
        ents.append([start, end, target])
        last_end = end
    return ents


def _is_generic(name: str, generic: dict[str, Any]) -> bool:
    """A generic organisation noun (公司, 本公司, 该集团) rather than a name."""
    heads = generic.get("heads", ())
    return name in heads or (name[:1] in generic.get("deictic", ()) and name[1:] in heads)
