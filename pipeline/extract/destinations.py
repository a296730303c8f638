"""Where a trip went: the 派赴國家 value of a cover or 提要 form as countries and places.

``日本千葉、福島、宮城`` -> countries ``["日本"]``, places ``["千葉", "福島", "宮城"]``;
country spellings come from ``configs/countries.toml``.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache

from pipeline import resources

_SPLIT_PLACES = re.compile(r"[、，,;；/／\n及與暨()（）「」]+")


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Spelling -> canonical country name, from ``configs/countries.toml`` (read once)."""
    path = resources.config("countries.toml")
    out: dict[str, str] = {}
    if not path.is_file():
        return out
    with path.open("rb") as fh:
        data = tomllib.load(fh).get("countries", {})
    for canon, aliases in data.items():
        out[canon] = canon
        for a in aliases:
            out.setdefault(a, canon)
            out.setdefault(a.lower(), canon)  # English names match case-insensitively
    return out


def _match_country(piece: str) -> tuple[str | None, str]:
    """Longest country name at the start of ``piece``: (canonical, remainder)."""
    names = country_names()
    for n in range(min(len(piece), 24), 0, -1):
        head = piece[:n]
        canon = names.get(head) or names.get(head.lower())
        if canon and (n == len(piece) or not (head[-1].isascii() and piece[n].isalnum())):
            return canon, piece[n:]
    return None, piece


def parse_destinations(value: str) -> tuple[list[str], list[str]]:
    """``日本千葉、福島、宮城`` -> (["日本"], ["千葉", "福島", "宮城"])."""
    countries: list[str] = []
    places: list[str] = []
    for piece in _SPLIT_PLACES.split(unicodedata.normalize("NFKC", value)):
        piece = re.sub(r"(?:等地|等)$", "", piece.strip(" .。:："))
        if not piece:
            continue
        country, rest = _match_country(piece)
        if country and country not in countries:
            countries.append(country)
        rest = re.sub(r"^(?:的|之)", "", rest).strip()
        # "日本 東京 大阪": spaces separate CJK places, not words of "New York".
        for place in [rest] if rest.isascii() else rest.split():
            if place and place not in places:
                places.append(place)
    return countries, places
