"""Full-text search over the corpus index (:mod:`pipeline.corpus.index`): terms folded across
scripts, FTS5 trigram matching for 3+ characters, a substring scan for shorter terms,
snippets with the hits highlighted in the original text."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from typing import Any

from pipeline.corpus.index import search_text
from pipeline.text.fold import fold_chars

SNIPPET_TOKENS = 24  # trigram tokens ~ characters either side of a hit
HIGHLIGHT = ("【", "】")


@dataclass
class Hit:
    """One search result: a block (or heading/table) of a document."""

    doc_id: str
    title: str | None
    section: str | None  # section id
    section_number: str | None
    section_title: str | None
    page: int | None
    kind: str  # block | heading | table | title
    snippet: str
    score: float = 0.0


def _match_query(terms: list[str]) -> str:
    """An FTS5 query ANDing each term as a quoted phrase over the folded column (no
    query syntax leaks)."""
    return "folded : (" + " AND ".join('"' + t.replace('"', '""') + '"' for t in terms) + ")"


def _py_snippet(text: str, terms: list[str], width: int = SNIPPET_TOKENS) -> str:
    """A snippet of ``text`` around the window holding most of the (folded) ``terms``,
    every occurrence in it highlighted.  ``fold_chars`` keeps lengths, so positions
    found in the folded text are positions in ``text``: a hit on 半导体 highlights the
    半導體 actually printed."""
    folded = fold_chars(text)
    hits = sorted((m.start(), m.end(), t) for t in set(terms) if t
                  for m in re.finditer(re.escape(t), folded))
    if not hits:
        return text[: 2 * width]

    def window(pos: int, end: int) -> tuple[int, int]:
        return max(0, pos - width), min(len(text), end + width)

    # Best window: most distinct terms, then earliest.
    best = max(hits, key=lambda h: (len({t for s, e, t in hits
                                          if window(h[0], h[1])[0] <= s and e <= window(h[0], h[1])[1]}),
                                    -h[0]))
    start, end = window(best[0], best[1])
    out, pos = [], start
    for s, e, _ in hits:
        if s < pos or e > end:
            continue  # overlapping or outside the window
        out += [text[pos:s], HIGHLIGHT[0], text[s:e], HIGHLIGHT[1]]
        pos = e
    out.append(text[pos:end])
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")


def query_terms(text: str) -> list[str]:
    """The search terms of a query, as matched: whitespace-separated, normalised like
    stored text, then script-folded (半導體/半导体/半導体 are one term)."""
    # Split before normalising: search_text() would glue "郡山市 研究" into one term.
    return [fold_chars(t) for t in (search_text(w) for w in text.split()) if t]


def _where(terms: list[str]) -> tuple[list[str], list[Any]]:
    """WHERE clauses and parameters for terms: FTS for 3+ characters, scan for shorter."""
    long_terms = [t for t in terms if len(t) >= 3]
    where: list[str] = []
    params: list[Any] = []
    if long_terms:
        where.append("fts MATCH ?")
        params.append(_match_query(long_terms))
    # instr(), not LIKE: in SQLite 3.40 a trigram table answers LIKE patterns under
    # 3 characters with no rows instead of scanning.
    for t in terms:
        if len(t) < 3:
            where.append("instr(fts.folded, ?) > 0")
            params.append(t)
    return where, params


def search(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[Hit]:
    """Full-text search; every whitespace-separated term must occur in one block.

    Matching is across scripts: the query and the text are compared in their folded
    form (Traditional, Simplified and Japanese spellings are equal), so 半導體 also
    finds 半導体 and 半导体.  Terms of 3+ characters use the FTS5 trigram index (ranked
    by bm25); shorter terms are matched by a substring scan, because the trigram
    index cannot answer them.  Snippets show the original text, hits highlighted.
    """
    terms = query_terms(text)
    if not terms:
        return []
    where, params = _where(terms)
    order = "bm25(fts)" if any(len(t) >= 3 for t in terms) else "0"
    sql = (
        f"SELECT fts.doc_id, d.title, fts.section, s.number, s.title, fts.page, fts.kind, "  # noqa: S608 - fixed SQL with ? placeholders
        f"fts.text, {order} AS score "
        "FROM fts JOIN documents d ON d.id = fts.doc_id "
        "LEFT JOIN sections s ON s.doc_id = fts.doc_id AND s.id = fts.section "
        f"WHERE {' AND '.join(where)} ORDER BY score, fts.doc_id, fts.rowid LIMIT ?"
    )
    return [Hit(doc_id=row[0], title=row[1], section=row[2], section_number=row[3],
                section_title=row[4], page=None if row[5] is None else int(row[5]),
                kind=row[6], snippet=_py_snippet(row[7], terms), score=float(row[8]))
            for row in conn.execute(sql, (*params, limit))]


def matching_documents(conn: sqlite3.Connection, text: str) -> set[str]:
    """Ids of documents containing every term of ``text`` (anywhere in the document,
    not necessarily in one block; cross-script like :func:`search`)."""
    terms = query_terms(text)
    found: set[str] | None = None
    for term in terms:
        where, params = _where([term])
        ids = {r[0] for r in conn.execute(
            f"SELECT DISTINCT doc_id FROM fts WHERE {where[0]}", params)}  # noqa: S608
        found = ids if found is None else found & ids
    return found or set()
