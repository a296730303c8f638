"""Gazetteer entries (zh-Hant / ja / en names + aliases) and a longest-match scanner.

Names are matched on :func:`pipeline.text.fold.fold_chars` text, so one entry
matches Traditional, Simplified and Japanese spellings alike, and offsets stay
valid in the original text. Every alias of an entry shares the entry's
canonical name and id.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline import resources
from pipeline.ner.config import load_config
from pipeline.text.chars import is_katakana
from pipeline.text.fold import canonical_id, fold, fold_chars


@dataclass
class Entry:
    """One canonical entity of the gazetteers."""

    label: str
    names: dict[str, str]  # zh_hant / ja / en -> name
    aliases: list[str] = field(default_factory=list)
    contextual: list[str] = field(default_factory=list)  # aliases valid only with the parent
    parent: str | None = None
    source: str = ""  # file name

    @property
    def key(self) -> str:
        """The folded primary name (identity of the entry)."""
        return fold(self.primary)

    @property
    def primary(self) -> str:
        return self.names.get("zh_hant") or self.names.get("ja") or self.names.get("en") or ""

    def display(self, prefs: list[str]) -> str:
        """The canonical display form in the first preferred language that has one."""
        for lang in prefs:
            if self.names.get(lang):
                return self.names[lang]
        return self.primary

    @property
    def id(self) -> str:
        return canonical_id(self.label, self.key)


def _match_key(name: str) -> str:
    """How a name is looked up in folded text: per-character fold, no whitespace."""
    return "".join(fold_chars(unicodedata.normalize("NFKC", name)).split())


def _match_keys(name: str) -> list[str]:
    """The match key, and for a name of several Latin words also the key with its single
    spaces kept: running text writes New York and Tokyo Electron with spaces."""
    keys = [_match_key(name)]
    if " " in name.strip() and any(c.isascii() and c.isalpha() for c in name):
        keys.append(" ".join(fold_chars(unicodedata.normalize("NFKC", name)).split()))
    return keys


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _bounded(f: str, i: int, j: int) -> bool:
    """A Latin or katakana name must not continue a word on either side (タイ in タイヤ)."""
    for inside, outside in ((i, i - 1), (j - 1, j)):
        if 0 <= outside < len(f):
            a, b = f[inside], f[outside]
            if (_is_word_char(a) and _is_word_char(b)) or (is_katakana(a) and is_katakana(b)):
                return False
    return True


@dataclass
class Match:
    start: int
    end: int
    entry: Entry
    contextual: bool


class Gazetteer:
    """All entries, indexed by match key; scans text longest-match-first."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._index: dict[str, tuple[Entry, bool]] = {}
        self._by_key: dict[str, Entry] = {}
        self._lengths: dict[str, list[int]] = {}  # first char -> name lengths, longest first
        for e in entries:
            self._by_key.setdefault(e.key, e)
            names = [n for n in e.names.values() if n] + e.aliases
            for n in names:
                self._add(n, e, False)
                self._by_key.setdefault(fold(n), e)
            for n in e.contextual:
                self._add(n, e, True)
        for k in self._lengths:
            self._lengths[k] = sorted(set(self._lengths[k]), reverse=True)

    def _add(self, name: str, entry: Entry, contextual: bool) -> None:
        for k in _match_keys(name):
            if len(k) < 2 or k in self._index:
                continue  # earlier files win; single characters are never names
            self._index[k] = (entry, contextual)
            self._lengths.setdefault(k[0], []).append(len(k))

    def _split_country(self, f: str, hit: Match) -> list[Match]:
        """日本經濟產業省 -> 日本 | 經濟產業省 (see :meth:`country_split`)."""
        if hit.entry.label == "GPE" and hit.entry.parent:
            return self._split_parent(f, hit)
        n = self.country_split(f[hit.start:hit.end]) if hit.entry.label == "ORG" else 0
        if not n:
            return [hit]
        country, rest = self._index[f[hit.start : hit.start + n]], self._index[f[hit.start + n : hit.end]]
        return [Match(hit.start, hit.start + n, country[0], False), Match(hit.start + n, hit.end, *rest)]

    def country_split(self, name: str) -> int:
        """Length of the country that opens an organisation's name and stays outside it, 0 if
        none: the name and the rest are names of the same known body and the rest is one of its
        official names (日本|經濟產業省, 経済産業省 in Japanese; guidelines §3). A country that
        opens the official name, the rest being an alias, stays (中華民國對外貿易發展協會)."""
        f = fold_chars(name)
        whole = self._index.get(f)
        for n in sorted(self._lengths.get(f[:1], ()), reverse=True):
            if n >= len(f) - 1:
                continue
            country, rest = self._index.get(f[:n]), self._index.get(f[n:])
            if country is None or not is_country(country[0]) or rest is None or rest[0].label != "ORG":
                continue
            if whole is None or whole[0] is not rest[0]:
                continue  # 中國生產力中心 is not the country and a known 生產力中心
            if f[n:] in {fold_chars(x) for x in rest[0].names.values() if x}:
                return n
        return 0

    def _split_parent(self, f: str, hit: Match) -> list[Match]:
        """仙台市青葉區 -> 仙台市 | 青葉區: a ward written after its city is two places."""
        parent = self.lookup(hit.entry.parent or "")
        if parent is None or parent.label != "GPE":
            return [hit]
        for L in self._lengths.get(f[hit.start], ()):
            if L >= hit.end - hit.start - 1:
                continue
            got = self._index.get(f[hit.start : hit.start + L])
            if got is not None and got[0] is parent:
                return [Match(hit.start, hit.start + L, parent, False), Match(hit.start + L, hit.end, hit.entry, hit.contextual)]
        return [hit]

    def lookup(self, name: str) -> Entry | None:
        """The entry a name (any spelling, any alias) refers to, if any."""
        return self._by_key.get(fold(name))

    def longest_prefix(self, text: str, shortest: int, longest: int,
                       accept: Callable[[int, Entry], bool]) -> int:
        """Length of the longest opening of ``text`` (``shortest`` to ``longest`` characters)
        that names an entry ``accept(length, entry)`` takes; 0 if none. One lookup per length."""
        for k in range(min(longest, len(text)), shortest - 1, -1):
            entry = self.lookup(text[:k])
            if entry is not None and accept(k, entry):
                return k
        return 0

    def scan(self, text: str, folded: str | None = None) -> list[Match]:
        """Leftmost-longest matches in ``text``; Latin and katakana names need word boundaries."""
        f = folded if folded is not None else fold_chars(text)
        out: list[Match] = []
        i, n = 0, len(f)
        index, lengths = self._index, self._lengths
        while i < n:
            hit = None
            for L in lengths.get(f[i], ()):
                if i + L > n:
                    continue
                got = index.get(f[i : i + L])
                if got is None:
                    continue
                if not _bounded(f, i, i + L):
                    continue
                hit = Match(i, i + L, got[0], got[1])
                break
            if hit:
                out.extend(self._split_country(f, hit))
                i = hit.end
            else:
                i += 1
        return out


def is_country(entry: Entry) -> bool:
    """True for an entry of the country list (``countries.tsv``)."""
    return entry.label == "GPE" and entry.source == "countries.tsv"


def read_entries(path: Path) -> list[Entry]:
    """Entries of one gazetteer TSV (columns label, zh_hant, ja, en, aliases, parent)."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    out = []
    for row in csv.DictReader(lines, delimiter="\t"):
        names = {k: (row.get(k) or "").strip() for k in ("zh_hant", "ja", "en")}
        aliases, contextual = [], []
        for a in (row.get("aliases") or "").split("|"):
            a = a.strip()
            if a.startswith("~"):
                contextual.append(a[1:])
            elif a:
                aliases.append(a)
        out.append(
            Entry(
                label=row["label"].strip(),
                names={k: v for k, v in names.items() if v},
                aliases=aliases,
                contextual=contextual,
                parent=(row.get("parent") or "").strip() or None,
                source=path.name,
            )
        )
    return out


@lru_cache(maxsize=2)
def load_gazetteer(directory: Path | None = None) -> Gazetteer:
    """The gazetteer of ``configs/ner.toml [gazetteer] files`` (once per process)."""
    entries: list[Entry] = []
    for name in load_config()["gazetteer"]["files"]:
        p = (directory / name) if directory else resources.gazetteer(name)
        if p.exists():
            entries.extend(read_entries(p))
    return Gazetteer(entries)
